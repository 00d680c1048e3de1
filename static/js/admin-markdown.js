// The Markdown editor of the staff admin (procedures/admin_ui.py MarkdownTextarea): a toolbar
// (heading, bold, list, link), a chooser of the site's pages for links, and a preview rendered by
// the server with the sanitiser the pages use. Without this script the box is a plain text box.
//
// Keyboard: Ctrl+Alt+2 heading, Ctrl+B bold, Ctrl+Shift+8 list, Ctrl+K link (Cmd on a Mac).
// In the toolbar, the arrow keys move between the buttons; Tab leaves it.
(function () {
  "use strict";

  var MAC = /Mac|iPhone|iPad/.test(navigator.platform || "");
  var MOD = MAC ? "Cmd" : "Ctrl";
  var pagesCache = {};
  var uid = 0;

  var BUTTONS = [
    {name: "heading", label: "Heading", keys: MOD + "+Alt+2", aria: "Control+Alt+2 Meta+Alt+2"},
    {name: "bold", label: "Bold", keys: MOD + "+B", aria: "Control+B Meta+B"},
    {name: "list", label: "List", keys: MOD + "+Shift+8", aria: "Control+Shift+8 Meta+Shift+8"},
    {name: "link", label: "Link to a page", keys: MOD + "+K", aria: "Control+K Meta+K"}
  ];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function csrfToken(box) {
    var form = box.form || document;
    var input = form.querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Replaces the selection, keeping the browser's undo history where it can.
  function replaceSelection(box, text, selectFrom, selectTo) {
    var start = box.selectionStart;
    box.focus();
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (e) {
      done = false;
    }
    if (!done) {
      box.setRangeText(text, box.selectionStart, box.selectionEnd, "end");
      box.dispatchEvent(new Event("input", {bubbles: true}));
    }
    if (selectFrom !== undefined) {
      box.setSelectionRange(start + selectFrom, start + selectTo);
    }
  }

  // The whole lines the selection touches: [start, end] offsets.
  function selectedLines(box) {
    var value = box.value;
    var from = box.selectionStart;
    var to = box.selectionEnd;
    if (to > from && value[to - 1] === "\n") to -= 1;
    var start = value.lastIndexOf("\n", from - 1) + 1;
    var end = value.indexOf("\n", to);
    return [start, end === -1 ? value.length : end];
  }

  // Adds `prefix` to each selected line, or takes it away if every line has it already.
  function toggleLinePrefix(box, prefix, pattern) {
    var range = selectedLines(box);
    var lines = box.value.slice(range[0], range[1]).split("\n");
    var all = lines.every(function (line) { return pattern.test(line) || line.trim() === ""; }) &&
      lines.some(function (line) { return pattern.test(line); });
    var changed = lines.map(function (line) {
      if (all) return line.replace(pattern, "");
      if (line.trim() === "" && lines.length > 1) return line;
      return prefix + line.replace(pattern, "");
    }).join("\n");
    box.setSelectionRange(range[0], range[1]);
    replaceSelection(box, changed, changed.length, changed.length);
  }

  function bold(box) {
    var selected = box.value.slice(box.selectionStart, box.selectionEnd);
    if (/^\*\*[\s\S]*\*\*$/.test(selected) && selected.length > 4) {
      replaceSelection(box, selected.slice(2, -2), 0, selected.length - 4);
    } else if (selected) {
      replaceSelection(box, "**" + selected + "**", 0, selected.length + 4);
    } else {
      replaceSelection(box, "**bold text**", 2, 11);
    }
  }

  // --- The link chooser: one dialog per page, shared by every editor on it ------------------

  var chooser = null;

  function buildChooser() {
    var id = "md-links";
    var dialog = el("dialog", {"class": "md-links", "aria-labelledby": id + "-title"});
    var form = el("form", {method: "dialog", "class": "md-links__form"});
    form.appendChild(el("h2", {id: id + "-title", "class": "md-links__title"}, "Link to a page"));

    var textRow = el("div", {"class": "md-links__row"});
    textRow.appendChild(el("label", {"for": id + "-text"}, "Words to click"));
    var text = el("input", {type: "text", id: id + "-text", autocomplete: "off"});
    textRow.appendChild(text);
    textRow.appendChild(el("p", {"class": "md-links__hint", id: id + "-text-hint"},
      "Leave empty to use the page's title."));
    text.setAttribute("aria-describedby", id + "-text-hint");
    form.appendChild(textRow);

    var findRow = el("div", {"class": "md-links__row"});
    findRow.appendChild(el("label", {"for": id + "-find"}, "Find a page of this site"));
    var find = el("input", {type: "search", id: id + "-find", autocomplete: "off",
      "aria-controls": id + "-page", "aria-describedby": id + "-find-hint"});
    findRow.appendChild(find);
    findRow.appendChild(el("p", {"class": "md-links__hint", id: id + "-find-hint"},
      "Type part of its name, then choose it in the list below."));
    form.appendChild(findRow);

    var pageRow = el("div", {"class": "md-links__row"});
    pageRow.appendChild(el("label", {"for": id + "-page"}, "Page"));
    var select = el("select", {id: id + "-page", size: "10", "class": "md-links__pages"});
    pageRow.appendChild(select);
    var count = el("p", {"class": "md-links__hint", id: id + "-count", "aria-live": "polite"});
    pageRow.appendChild(count);
    form.appendChild(pageRow);

    var urlRow = el("div", {"class": "md-links__row"});
    urlRow.appendChild(el("label", {"for": id + "-url"}, "Or the address of another website"));
    var url = el("input", {type: "url", id: id + "-url", placeholder: "https://", autocomplete: "off"});
    urlRow.appendChild(url);
    form.appendChild(urlRow);

    var error = el("p", {"class": "md-links__error", role: "alert"});
    form.appendChild(error);

    var buttons = el("div", {"class": "md-links__buttons"});
    var insert = el("button", {type: "submit", value: "insert", "class": "default"}, "Insert link");
    var cancel = el("button", {type: "submit", value: "cancel", formnovalidate: ""}, "Cancel");
    buttons.appendChild(insert);
    buttons.appendChild(cancel);
    form.appendChild(buttons);
    dialog.appendChild(form);
    document.body.appendChild(dialog);

    chooser = {dialog: dialog, form: form, text: text, find: find, select: select, url: url,
      error: error, count: count, groups: [], box: null};

    find.addEventListener("input", function () { fillPages(find.value); });
    find.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && select.options.length) {
        event.preventDefault();
        if (select.selectedIndex < 0) select.selectedIndex = 0;
        select.focus();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (select.options.length) {
          if (select.selectedIndex < 0) select.selectedIndex = 0;
          select.focus();
        }
      }
    });
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        finish("insert");
      }
    });
    select.addEventListener("dblclick", function () { finish("insert"); });
    select.addEventListener("change", function () { error.textContent = ""; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      finish(button && button.value === "cancel" ? "cancel" : "insert");
    });
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      finish("cancel");
    });
    return chooser;
  }

  function fillPages(filter) {
    var words = (filter || "").toLowerCase().split(/\s+/).filter(Boolean);
    var select = chooser.select;
    var shown = 0;
    select.innerHTML = "";
    chooser.groups.forEach(function (group) {
      var optgroup = el("optgroup", {label: group.title});
      group.pages.forEach(function (page) {
        var label = page.label || page.title;
        var haystack = (label + " " + group.title).toLowerCase();
        if (words.every(function (word) { return haystack.indexOf(word) !== -1; })) {
          var option = el("option", {value: page.url}, label);
          option.dataset.title = page.title;
          optgroup.appendChild(option);
          shown += 1;
        }
      });
      if (optgroup.children.length) select.appendChild(optgroup);
    });
    chooser.count.textContent = shown === 1 ? "1 page" : shown + " pages";
  }

  function loadPages(url) {
    if (!pagesCache[url]) {
      pagesCache[url] = fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) { return data.groups; });
      pagesCache[url].catch(function () { delete pagesCache[url]; });
    }
    return pagesCache[url];
  }

  function openChooser(box, editor) {
    var c = chooser || buildChooser();
    c.box = box;
    c.selection = [box.selectionStart, box.selectionEnd];
    c.text.value = box.value.slice(box.selectionStart, box.selectionEnd).replace(/\s+/g, " ").trim();
    c.find.value = "";
    c.url.value = "";
    c.error.textContent = "";
    c.select.innerHTML = "";
    c.count.textContent = "Loading the pages of the site…";
    c.dialog.showModal();
    c.find.focus();
    loadPages(editor.dataset.pagesUrl).then(function (groups) {
      c.groups = groups;
      fillPages(c.find.value);
    }, function () {
      c.count.textContent = "The list of pages could not be loaded. Close this and try again.";
    });
  }

  function finish(action) {
    var c = chooser;
    var box = c.box;
    if (action === "insert") {
      var option = c.select.options[c.select.selectedIndex];
      var target = c.url.value.trim();
      var title = "";
      if (!target && option) {
        target = option.value;
        title = option.dataset.title;
      }
      if (!target) {
        c.error.textContent = "Choose a page in the list, or type the address of another website.";
        c.find.focus();
        return;
      }
      if (c.url.value.trim() && !/^(https?:|mailto:|tel:)/i.test(target)) {
        target = "https://" + target;
      }
      var words = c.text.value.trim() || title || target;
      words = words.replace(/[\[\]]/g, "");
      c.dialog.close();
      box.focus();
      box.setSelectionRange(c.selection[0], c.selection[1]);
      var markdown = "[" + words + "](" + target + ")";
      replaceSelection(box, markdown, markdown.length, markdown.length);
    } else {
      c.dialog.close();
      box.focus();
      box.setSelectionRange(c.selection[0], c.selection[1]);
    }
  }

  // --- Preview -------------------------------------------------------------------------------

  function setUpPreview(box, editor) {
    var previewId = "md-preview-" + (++uid);
    // A group, not a <section>: a procedure has a preview per section, and landmarks with the
    // same name would be many identical stops in a screen reader's list (axe: landmark-unique).
    var preview = el("div", {
      "class": "md-preview", role: "group", "aria-labelledby": previewId + "-title"
    });
    preview.appendChild(el("h3", {"class": "md-preview__title", id: previewId + "-title"},
      "Preview: how the page will show it"));
    var body = el("div", {"class": "md-preview__body", id: previewId});
    preview.appendChild(body);
    var problems = el("ul", {"class": "md-preview__problems", role: "status"});
    preview.appendChild(problems);
    editor.appendChild(preview);

    var timer = null;
    var sent = null;
    var controller = null;

    function render() {
      if (box.value === sent) return;
      sent = box.value;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var data = new FormData();
      data.append("text", box.value);
      data.append("top_level", editor.dataset.topLevel || "2");
      preview.classList.add("md-preview--busy");
      fetch(editor.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken(box), Accept: "application/json"},
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) throw new Error(json.error || response.status);
          return json;
        });
      }).then(function (json) {
        // Sanitised by the server (procedures/markdown.py), exactly as the page will show it.
        body.innerHTML = json.html || '<p class="md-preview__empty">Nothing written yet.</p>';
        problems.innerHTML = "";
        (json.problems || []).forEach(function (text) {
          problems.appendChild(el("li", {}, text));
        });
        preview.classList.remove("md-preview--busy");
      }).catch(function (error) {
        if (error && error.name === "AbortError") return;
        sent = null;
        preview.classList.remove("md-preview--busy");
        problems.innerHTML = "";
        problems.appendChild(el("li", {}, "The preview could not be updated: " +
          (error && error.message ? error.message : "no answer from the server") + "."));
      });
    }

    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(render, 350);
    });
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          render();
        }
      });
      observer.observe(editor);
    } else {
      render();
    }
  }

  // --- Toolbar -------------------------------------------------------------------------------

  function run(name, box, editor) {
    if (name === "heading") toggleLinePrefix(box, "## ", /^#{1,6} /);
    else if (name === "bold") bold(box);
    else if (name === "list") toggleLinePrefix(box, "- ", /^[-*] /);
    else if (name === "link") openChooser(box, editor);
  }

  function setUp(editor) {
    if (editor.dataset.ready || editor.closest(".empty-form")) return;
    var box = editor.querySelector("textarea");
    if (!box) return;
    editor.dataset.ready = "1";
    var label = document.querySelector('label[for="' + box.id + '"]');
    var name = label ? label.textContent.replace(/:\s*$/, "").trim() : "the text";

    var toolbar = el("div", {role: "toolbar", "class": "md-toolbar",
      "aria-label": "Formatting: " + name, "aria-controls": box.id});
    BUTTONS.forEach(function (spec, index) {
      var button = el("button", {type: "button", "class": "md-toolbar__button md-toolbar__button--" + spec.name,
        "aria-keyshortcuts": spec.aria, title: spec.label + " (" + spec.keys + ")",
        tabindex: index === 0 ? "0" : "-1", "data-action": spec.name});
      button.appendChild(el("span", {"class": "md-toolbar__label"}, spec.label));
      button.appendChild(el("span", {"class": "md-toolbar__keys", "aria-hidden": "true"}, spec.keys));
      button.addEventListener("click", function () { run(spec.name, box, editor); });
      toolbar.appendChild(button);
    });
    // A toolbar is one stop for Tab; the arrow keys move inside it (WAI-ARIA toolbar pattern).
    toolbar.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      var next = null;
      if (event.key === "ArrowRight") next = (at + 1) % buttons.length;
      else if (event.key === "ArrowLeft") next = (at - 1 + buttons.length) % buttons.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = buttons.length - 1;
      if (next === null) return;
      event.preventDefault();
      buttons.forEach(function (b, i) { b.tabIndex = i === next ? 0 : -1; });
      buttons[next].focus();
    });
    editor.insertBefore(toolbar, box);
    box.setAttribute("aria-keyshortcuts",
      BUTTONS.map(function (spec) { return spec.aria.split(" ")[0]; }).join(" "));

    box.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey)) return;
      var action = null;
      if (event.altKey && (event.key === "2" || event.code === "Digit2")) action = "heading";
      else if (event.shiftKey && (event.key === "*" || event.code === "Digit8")) action = "list";
      else if (!event.altKey && !event.shiftKey && event.key.toLowerCase() === "b") action = "bold";
      else if (!event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") action = "link";
      if (action) {
        event.preventDefault();
        run(action, box, editor);
      }
    });
    setUpPreview(box, editor);
  }

  function setUpAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-md-editor]"), setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  // A section or question added with "Add another" gets its editor too.
  document.addEventListener("formset:added", function (event) { setUpAll(event.target); });
})();
