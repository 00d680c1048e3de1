"""Helpers for the drafts tests: a change form read the way a browser submits it."""

from html import unescape
from html.parser import HTMLParser

from django.contrib.admin.utils import quote
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


class _FormReader(HTMLParser):
    """The values the change form's <form> would post (no buttons, files or inline templates)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None

    def _add(self, name, value):
        if not name or "__prefix__" in name:
            return
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._add(attrs.get("name"), attrs.get("value", default))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]
        elif tag == "select":
            self._select = [attrs.get("name"), "multiple" in attrs, [], None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[3] is None:
                self._select[3] = value
            if "selected" in attrs:
                self._select[2].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops one newline right after <textarea>.
            self._add(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple, chosen, first = self._select
            if multiple:
                for value in chosen:
                    self._add(name, value)
            else:
                self._add(name, chosen[0] if chosen else (first or ""))
            self._select = None


def change_form_data(client, obj, url=None):
    """What the browser would post from the change (or add) form of `obj` as shown now."""
    response = client.get(url or change_url(obj))
    assert response.status_code == 200, response
    model = response.context["opts"].model_name
    reader = _FormReader(f"{model}_form")
    reader.feed(response.content.decode())
    return {
        k: v if len(v) > 1 or k.endswith("procedures") else v[0] for k, v in reader.data.items()
    }


def changelist_data(client, url):
    """What the browser would post from the list's form (its Order boxes) as shown now."""
    reader = _FormReader("changelist-form")
    reader.feed(client.get(url).content.decode())
    return {k: v[0] for k, v in reader.data.items() if k != "action"}


def submit(client, obj, changes=None, button=None, to=None):
    """Posts `obj`'s change form as it is shown now, with `changes` ({name: value}), through the
    button named `button` ("_save" publishes; "_save_draft", "_schedule"...), to its change page
    or to `to`."""
    data = {**change_form_data(client, obj), **(changes or {})}
    if button:
        data[button] = "1"
    return client.post(to or change_url(obj), data)


def new_procedure_form(group, **fields):
    """What the add form of a procedure posts for a new page with one section."""
    return {
        "group": group.pk,
        "title": "Gracilis muscle transfer",
        "slug": "gracilis-muscle-transfer",
        "summary": "A new muscle for smiling.",
        "status": "published",
        "last_reviewed": "2026-01-05",
        "order": "3",
        "kind": "surgical",
        "meta_description": "About the free gracilis transfer.",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-heading": "What it is",
        "sections-0-body": "A thin muscle from the thigh.",
        "sections-0-order": "1",
        "faqs-TOTAL_FORMS": "0",
        "faqs-INITIAL_FORMS": "0",
        **fields,
    }


def public_text(url):
    """The visible text of a public page for a visitor (a client of its own), checking it is 200."""
    response = Client().get(url)
    assert response.status_code == 200, url
    return unescape(strip_tags(response.content.decode()))


def messages_of(response):
    """The messages the admin gave with `response`, as text."""
    return [str(m) for m in response.wsgi_request._messages]
