/*
 * Consultation form: small improvements. The form works fully without them: the error summary
 * already takes focus through `autofocus`, and its links are ordinary page anchors.
 */
(function () {
  "use strict";

  // A second press of "Send" while the first is on its way would store the request twice.
  var form = document.querySelector(".consultation-form");
  var sending = false;
  if (form) {
    form.addEventListener("submit", function (event) {
      if (sending) {
        event.preventDefault();
      }
      sending = true;
    });
    // Coming back with the browser's Back button: allow sending again.
    window.addEventListener("pageshow", function () {
      sending = false;
    });
  }

  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  if (document.activeElement !== summary) {
    summary.focus();
  }

  // A plain anchor only scrolls; this also puts the cursor in the field and keeps its label
  // (or, for a group of options, its question) in view above it.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var caption = null;
    if (field.type === "radio" || field.type === "checkbox") {
      var group = field.closest("fieldset");
      caption = group && field.type === "radio" ? group.querySelector("legend") : null;
    }
    caption = caption || document.querySelector("label[for='" + field.id + "']") || field;
    caption.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
