/*
 * Consultation form: small improvements. The form works fully without them: the error summary
 * already takes focus through `autofocus`, and its links are ordinary page anchors.
 */
(function () {
  "use strict";

  // After a send, Back would show the whole request again, filled in by the browser (on a
  // shared phone, for anyone to read), with nothing saying that it was sent. The thank-you
  // page leaves a mark in this tab; the form, shown next, empties itself once and says why.
  // Once only: Back to a second request in progress keeps what the browser fills in.
  var SENT = "consultation-sent";
  var sentMark = function (action) {
    try {
      return action();
    } catch (error) {
      return null; // storage switched off: the form behaves as the browser makes it
    }
  };
  if (document.querySelector("[data-request-sent]")) {
    sentMark(function () { sessionStorage.setItem(SENT, "1"); });
  }

  // A second press of "Send" while the first is on its way is ignored, and the button says so.
  // Not for ever: on a stalled connection, or after loading was stopped, the patient must be
  // able to press again (the server keeps the same form sent twice once).
  var form = document.querySelector(".consultation-form");
  var RETRY_AFTER_MS = 10000;
  if (form) {
    var button = form.querySelector("button[type='submit']");
    var label = button ? button.textContent : "";
    var timer = null;
    var ready = function () {
      clearTimeout(timer);
      timer = null;
      if (button) {
        button.textContent = label;
      }
    };
    form.addEventListener("submit", function (event) {
      if (timer !== null) {
        event.preventDefault();
        return;
      }
      if (button) {
        button.textContent = "Sending your request…";
      }
      // Back to this page after the send would scroll to where it was left (the button, far
      // below the notice that the form was emptied): the page starts at the top instead.
      history.scrollRestoration = "manual";
      // This page answers a post (the form came back with a problem): Back to it from the
      // thank-you page would ask to send that post again ("Confirm Form Resubmission"). Made a
      // plain visit to the form's address as the next send leaves, Back loads the form, which
      // empties itself as above; until then a reload keeps what was typed.
      if (form.hasAttribute("data-posted")) {
        history.replaceState(history.state, "", location.href);
      }
      timer = setTimeout(ready, RETRY_AFTER_MS);
    });
    // Coming back with the browser's Back button: ready to send again.
    window.addEventListener("pageshow", ready);
    var notice = document.querySelector("[data-sent-notice]");
    window.addEventListener("pageshow", function () {
      var sent = sentMark(function () { return sessionStorage.getItem(SENT); });
      if (sent && notice) {
        sentMark(function () { sessionStorage.removeItem(SENT); });
        form.reset();
        notice.hidden = false;
        // Focus brings it into view as well, and has screen readers read it.
        notice.focus();
      }
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
    // Focus first: site.js answers focus by scrolling a field out from under the phone's call
    // bar, and a scroll started after this one would cut it short, leaving the field under the
    // bar. Scrolled second, the caption goes to the top of the screen, the field just below.
    field.focus({ preventScroll: true });
    caption.scrollIntoView({ block: "start" });
  });
})();
