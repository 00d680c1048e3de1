/*
 * site.js: the phone menu and the call bar (progressive enhancement, every page).
 *
 * Menu: without this script the "Menu" link opens the navigation through CSS (:target), and on
 * wide screens the navigation is always shown. Here the link becomes a real button with
 * aria-expanded; Escape closes the menu and returns focus to the button.
 *
 * Call bar: on phones, a bar with "Call" and "Request a consultation" slides in once the header's
 * own buttons have scrolled out of view. The page always keeps room for it at the bottom and
 * html's scroll-padding-bottom keeps a focused element clear of it; the focusin handler below
 * covers browsers that ignore scroll-padding when moving focus.
 */
(function () {
  "use strict";

  function setUpMenu() {
    var link = document.querySelector("[data-menu-link]");
    var button = document.querySelector("[data-menu-button]");
    var menu = document.querySelector("[data-menu]");
    if (!link || !button || !menu) {
      return;
    }
    link.hidden = true;
    button.hidden = false;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("site-nav--open", open);
    }

    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    // Arriving at "#site-nav" (a bookmark, the no-script link) opens it too.
    if (window.location.hash === "#site-nav") {
      setOpen(true);
    }
  }

  function setUpCallBar() {
    var bar = document.querySelector("[data-call-bar]");
    var actions = document.querySelector("[data-header-actions]");
    if (!bar || !actions || !("IntersectionObserver" in window)) {
      return;
    }
    var phone = window.matchMedia("(max-width: 47.99rem) and (min-height: 30rem)"); // as site.css

    function show(visible) {
      bar.classList.toggle("call-bar--visible", visible);
    }

    new IntersectionObserver(function (entries) {
      // Shown once the header's buttons are above the top of the screen, not while they are
      // still below it (they never are: the header is at the top) or in view.
      var entry = entries[entries.length - 1];
      show(!entry.isIntersecting && entry.boundingClientRect.bottom <= 0);
    }).observe(actions);

    document.addEventListener("focusin", function (event) {
      if (!phone.matches || !bar.classList.contains("call-bar--visible")) {
        return;
      }
      var target = event.target;
      if (bar.contains(target) || !target.getBoundingClientRect) {
        return;
      }
      var hidden = target.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
      if (hidden > 0) {
        window.scrollBy(0, hidden + 16);
      }
    });
  }

  setUpMenu();
  setUpCallBar();
})();
