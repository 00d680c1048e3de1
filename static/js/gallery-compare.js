/*
 * Before-and-after slider for the gallery's case pages (progressive enhancement).
 *
 * Without this script each pair shows side by side. With it, the two photos are stacked and a
 * native <input type="range"> moves the divider: keyboard (arrows, Page Up/Down, Home, End),
 * mouse and touch work as they do for any slider, and screen readers hear its label and an
 * aria-valuetext such as "60% before, 40% after". The position is set through the CSSOM
 * (style.setProperty), which the Content Security Policy allows; no inline style is written.
 */
(function () {
  "use strict";

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
    range.value = "50";

    var handle = document.createElement("span");
    handle.className = "compare__handle";
    handle.setAttribute("aria-hidden", "true");

    function update() {
      var value = Number(range.value);
      frame.style.setProperty("--compare-position", value + "%");
      range.setAttribute("aria-valuetext", describe(value));
    }

    range.addEventListener("input", update);
    frame.appendChild(handle);
    frame.appendChild(label);
    frame.appendChild(range);

    compare.classList.add("compare--slider");
    update();
  }

  document.querySelectorAll("[data-compare]").forEach(enhance);
})();
