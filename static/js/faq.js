// Opens the question a link points to (/faq/#faq-12). Without this script every question still
// opens with a click or the keyboard; this only saves the reader that step.
(function () {
  "use strict";

  function openFromHash() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }

  openFromHash();
  window.addEventListener("hashchange", openFromHash);
})();
