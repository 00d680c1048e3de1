/*
 * Staff change forms: leaving one with unsaved changes (a link, Back, closing the tab) asks
 * first, with the browser's own "Leave site?" question. Without it, an edit was lost without a
 * word when a link such as "History" was followed. Pressing one of the form's own buttons
 * (Save, Publish, Save draft) is leaving on purpose; a preview opened in another tab is not.
 */
(function () {
  "use strict";

  var form = document.querySelector("#content-main form[id$='_form']");
  if (!form) {
    return;
  }
  var changed = false;
  var edited = function () {
    changed = true;
  };
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    var target = (button && button.getAttribute("formtarget")) || form.target;
    if (target !== "_blank") {
      changed = false;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });
})();
