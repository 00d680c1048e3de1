/*
 * Before-and-after slider for the gallery's case pages (progressive enhancement).
 *
 * Without this script each pair shows side by side. With it, a pair can also be a slider: the
 * two photos are stacked and a native <input type="range"> moves the divider: keyboard (arrows,
 * Page Up/Down, Home, End), mouse and touch work as they do for any slider, and screen readers
 * hear its label and an aria-valuetext such as "60% before, 40% after". A "Side by side" toggle
 * button (aria-pressed) switches between the two. The position is set through the CSSOM
 * (style.setProperty), which the Content Security Policy allows; no inline style is written.
 *
 * Staff choose per pair how it opens (data-compare-view) and where the divider starts
 * (data-compare-start, percent). "auto" opens side by side on phones, where two whole faces
 * show a one-sided difference at first sight, held upright or sideways (a short screen), and as
 * a slider on wider screens; it follows the screen until the visitor chooses a view. The photos'
 * shape goes to the stylesheet (--compare-ratio), which keeps a whole face within the screen's
 * height.
 */
(function () {
  "use strict";

  var PHONE = "(max-width: 47.99rem), (max-height: 30rem)";

  function describe(value) {
    if (value <= 0) {
      return "After photo only";
    }
    if (value >= 100) {
      return "Before photo only";
    }
    return value + "% before, " + (100 - value) + "% after";
  }

  function enhance(compare, index) {
    var frame = compare.querySelector(".compare__frame");
    if (!frame || compare.classList.contains("compare--slider")) {
      return;
    }
    var id = "compare-range-" + (index + 1);
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = id;
    label.textContent = "Divider between the before and after photos: " +
      (compare.getAttribute("data-compare-label") || "comparison");

    var range = document.createElement("input");
    range.type = "range";
    range.id = id;
    range.className = "compare__range";
    range.min = "0";
    range.max = "100";
    range.step = "1";
    var start = Number(compare.getAttribute("data-compare-start"));
    range.value = String(start >= 0 && start <= 100 ? start : 50);

    var handle = document.createElement("span");
    handle.className = "compare__handle";
    handle.setAttribute("aria-hidden", "true");

    // A tag the divider runs across would show a piece of its word ("Befor"): it fades instead.
    var beforeTag = frame.querySelector(".compare__item--before .photo-tag");
    var afterTag = frame.querySelector(".compare__item--after .photo-tag");

    function update() {
      var value = Number(range.value);
      frame.style.setProperty("--compare-position", value + "%");
      range.setAttribute("aria-valuetext", describe(value));
      // Side by side, nothing covers a tag: the divider only counts while the slider is on.
      var sliding = compare.classList.contains("compare--slider");
      var divider = frame.clientWidth * value / 100;
      if (beforeTag) {
        beforeTag.classList.toggle("photo-tag--covered",
          sliding && beforeTag.offsetLeft + beforeTag.offsetWidth > divider);
      }
      if (afterTag) {
        afterTag.classList.toggle("photo-tag--covered", sliding && afterTag.offsetLeft < divider);
      }
    }

    // Below the photos: how to use the slider, and a way back to the side-by-side view (a
    // one-sided problem is easiest to judge with both whole faces in view).
    var tools = document.createElement("div");
    tools.className = "compare__tools";
    var hint = document.createElement("p");
    hint.className = "compare__hint";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "button button--ghost compare__toggle";
    toggle.textContent = "Side by side";
    toggle.setAttribute("aria-pressed", "false");

    // Side by side (as phones open it), the hint says how to reach the slider: a pressed
    // "Side by side" button alone does not tell that there is one.
    function setSlider(on) {
      compare.classList.toggle("compare--slider", on);
      range.hidden = !on;
      handle.hidden = !on;
      hint.textContent = on
        ? "Drag the divider, or use the arrow keys, to compare."
        : "Turn off \u201cSide by side\u201d to compare with a slider.";
      toggle.setAttribute("aria-pressed", on ? "false" : "true");
      update();
    }

    var chosen = false;
    range.addEventListener("input", update);
    window.addEventListener("resize", update);
    toggle.addEventListener("click", function () {
      chosen = true;
      setSlider(toggle.getAttribute("aria-pressed") === "true");
    });
    frame.appendChild(handle);
    frame.appendChild(label);
    frame.appendChild(range);
    tools.appendChild(hint);
    tools.appendChild(toggle);
    compare.appendChild(tools);

    var photo = compare.querySelector("img[width][height]");
    if (photo) {
      compare.style.setProperty(
        "--compare-ratio",
        String(Number(photo.getAttribute("width")) / Number(photo.getAttribute("height")) || 1)
      );
    }

    var view = compare.getAttribute("data-compare-view");
    if (view === "auto") {
      var phone = window.matchMedia(PHONE);
      setSlider(!phone.matches);
      phone.addEventListener("change", function () {
        if (!chosen) {
          setSlider(!phone.matches);
        }
      });
    } else {
      setSlider(view !== "side");
    }
  }

  document.querySelectorAll("[data-compare]").forEach(enhance);
})();
