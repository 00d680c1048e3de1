/*
 * Staff change forms: leaving one with unsaved changes (a link, Back, closing the tab) asks
 * first, with the browser's own "Leave site?" question. Without it, an edit was lost without a
 * word when a link such as "History" was followed. Pressing one of the form's own buttons
 * (Save, Publish, Save draft) is leaving on purpose; a preview opened in another tab is not.
 *
 * A save sent after the sign-in had ended (signed out in another tab, or the session cleared)
 * lands on the sign-in page, and the typed text was gone. So each save keeps a copy of the
 * form in this tab (sessionStorage) until the next page: if that is a sign-in page, the copy
 * waits, and the form, opened again after signing in, offers it back; any other page drops
 * it. Never for a consultation request (health information stays on the server).
 */
(function () {
  "use strict";

  var KEPT = "admin-unsaved-kept";
  var read = function () {
    try {
      return JSON.parse(sessionStorage.getItem(KEPT));
    } catch (error) {
      return null;
    }
  };
  var write = function (value) {
    try {
      sessionStorage.setItem(KEPT, JSON.stringify(value));
    } catch (error) {
      // storage switched off or full: the save goes ahead without a copy
    }
  };
  var drop = function () {
    try {
      sessionStorage.removeItem(KEPT);
    } catch (error) {
      // nothing kept
    }
  };

  var form = document.querySelector("#content-main form[id$='_form']");
  var main = document.getElementById("content-main");
  var kept = read();

  function notice(text, above) {
    // Above `above` (the form), or at the top of the page's content; in the admin's own
    // message style.
    var list = document.createElement("ul");
    list.className = "messagelist unsaved-kept";
    var item = document.createElement("li");
    item.className = "warning";
    item.setAttribute("tabindex", "-1");
    item.textContent = text;
    list.appendChild(item);
    var place = above || main.firstChild;
    place.parentNode.insertBefore(list, place);
    return item;
  }

  function fieldsOf(owner) {
    var fields = [];
    Array.prototype.forEach.call(owner.elements, function (field) {
      var type = field.type;
      if (!field.name || field.disabled || /^(file|password|submit|button|reset)$/.test(type)) {
        return;
      }
      if (type === "hidden" && field.name !== "_edit_version") {
        return; // the form's own bookkeeping: the page opened again has today's
      }
      if (/_(from|to)$/.test(field.id)) {
        // A two-box list (groups, permissions): its own script picks the chosen box's options
        // as the form is sent, after this copy is made. Left out, and said so.
        return;
      }
      if (type === "checkbox" || type === "radio") {
        fields.push([field.name, field.value, field.checked]);
      } else if (type === "select-multiple") {
        var chosen = Array.prototype.filter.call(field.options, function (option) {
          return option.selected;
        });
        fields.push([field.name, chosen.map(function (option) { return option.value; })]);
      } else {
        fields.push([field.name, field.value]);
      }
    });
    return fields;
  }

  // What an added row's field holds before anything is typed in it: the value in the row
  // the admin clones ("sections-__prefix__-order").
  function untouched(owner, name, value) {
    var blank = owner.querySelector(
      "[name='" + CSS.escape(name.replace(/-\d+-/, "-__prefix__-")) + "']"
    );
    return !value || (blank !== null && blank.value === value);
  }

  // Puts the copy back; returns how many typed values found no field (rows added by hand).
  function putBack(owner, fields) {
    var missing = 0;
    fields.forEach(function (entry) {
      var matches = owner.querySelectorAll("[name='" + CSS.escape(entry[0]) + "']");
      if (!matches.length) {
        var typed = entry.length === 3 ? entry[2] : !untouched(owner, entry[0], entry[1]);
        missing += typed ? 1 : 0;
        return;
      }
      Array.prototype.forEach.call(matches, function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.value === entry[1]) {
            field.checked = entry[2];
          }
        } else if (field.type === "select-multiple") {
          Array.prototype.forEach.call(field.options, function (option) {
            option.selected = entry[1].indexOf(option.value) !== -1;
          });
        } else {
          field.value = entry[1];
        }
        // Editors and previews built on the field follow it, and leaving now asks first.
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    return missing;
  }

  function offer(copy) {
    var item = notice(
      "You had been signed out, so your last save of this page did not happen. This tab kept " +
        "what you typed. ",
      form
    );
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = "Put back what I typed";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = "Discard it";
    item.appendChild(restore);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(discard);
    restore.addEventListener("click", function () {
      var missing = putBack(form, copy.fields);
      var twoBox = form.querySelector("select[id$='_to']") !== null;
      item.textContent =
        "What you typed is back in the form: save it to keep it." +
        (copy.files ? " Files you had chosen must be chosen again." : "") +
        (missing ? " Rows you had added must be added and filled in again." : "") +
        (twoBox ? " Check the two-box lists: their choices are not put back." : "");
      item.focus();
    });
    discard.addEventListener("click", function () {
      item.parentNode.remove();
      // Focus stays in the page: on the form's first field, just below where the offer was.
      var first = form.querySelector("input:not([type=hidden]), select, textarea, button");
      if (first) {
        first.focus();
      }
    });
    item.focus();
  }

  if (kept) {
    if (document.body.classList.contains("login")) {
      kept.signedOut = true; // a sign-in page (or its second step) came next: keep waiting
      write(kept);
      if (main) {
        notice(
          "What you typed before you were signed out is kept in this browser tab: after you " +
            "sign in, the page you were editing offers it back."
        );
      }
    } else {
      drop();
      if (kept.signedOut && form && kept.path === location.pathname) {
        offer(kept);
      }
    }
  }

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
    if (target === "_blank") {
      return;
    }
    changed = false;
    if (form.id !== "consultationrequest_form") {
      var files = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (
        field
      ) {
        return field.files && field.files.length > 0;
      });
      write({ path: location.pathname, fields: fieldsOf(form), files: files });
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });
})();
