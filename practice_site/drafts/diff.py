"""Two states of one change form, compared field by field (inline rows included) for staff."""

import difflib
import re
from dataclasses import dataclass, field

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .state import _rows, bind, display_value, readable_fields

_WORDS = re.compile(r"(\s+)")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    text: bool = False  # a text area: shown as one text with the changes marked

    @property
    def marked(self):
        """The new text with what was removed struck through and what was added underlined."""
        old, new = _WORDS.split(self.old), _WORDS.split(self.new)
        parts = []
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("delete", "replace"):
                parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
            if op in ("insert", "replace"):
                parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
            if op == "equal":
                parts.append(escape("".join(old[i1:i2])))
        return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)

    @property
    def is_long(self):
        both = self.old + self.new
        return (self.text and self.old and self.new) or len(both) > 120 or "\n" in both


def side_by_side(changes):
    """Whether a table of `changes` needs its two columns: a longer text fills both."""
    return any(not change.is_long for change in changes)


@dataclass
class RowChange:
    label: str
    kind: str  # "added", "removed" or "changed"
    fields: list = field(default_factory=list)

    @property
    def side_by_side(self):
        return side_by_side(self.fields)


@dataclass
class Comparison:
    fields: list
    rows: list

    @property
    def side_by_side(self):
        return side_by_side(self.fields)

    def __bool__(self):
        return bool(self.fields or self.rows)


def compare(model_admin, request, obj, old, new):
    """What changed from `old` to `new` (two states of the change form of `obj`)."""
    form, formsets = bind(model_admin, request, obj)
    fields = []
    for name, form_field in readable_fields(form):
        key = form.add_prefix(name)
        if key not in old and key not in new and not _is_checkbox(form_field):
            continue
        before = display_value(form_field, old, key)
        after = display_value(form_field, new, key)
        if before != after:
            fields.append(_change(name, form_field, before, after))
    rows = []
    for formset in formsets:
        rows.extend(_compare_rows(formset, old, new))
    return Comparison(fields, rows)


def _change(name, form_field, old, new):
    text = isinstance(form_field.widget, forms.Textarea)
    return FieldChange(str(form_field.label or name), old, new, text)


def _is_checkbox(form_field):
    return form_field.widget.__class__.__name__ == "CheckboxInput"


def _compare_rows(formset, old, new):
    template = formset.empty_form
    readable = list(readable_fields(template))
    pk_name = formset.model._meta.pk.name
    noun = str(formset.model._meta.verbose_name)

    def rows_of(data):
        found = {}
        for index, row in enumerate(_rows(data, formset.prefix)):
            if (row.get("DELETE") or [""])[0]:
                continue
            row_id = (row.get(pk_name) or [""])[0] or f"new-{index}"
            found[row_id] = row
        return found

    def values(row):
        data = {f"row-{name}": values for name, values in row.items()}
        return [display_value(f, data, f"row-{name}") for name, f in readable]

    def label(shown):
        first = next((value for value in shown if value not in ("", "—")), "")
        return f"{noun} “{first}”" if first else noun

    before, after = rows_of(old), rows_of(new)
    changes = []
    for row_id, row in after.items():
        new_values = values(row)
        if row_id not in before:
            shown = [
                _change(name, f, "", v)
                for (name, f), v in zip(readable, new_values, strict=True)
                if v not in ("", "—")
            ]
            changes.append(RowChange(label(new_values), "added", shown))
            continue
        old_values = values(before[row_id])
        changed = [
            _change(name, f, o, n)
            for (name, f), o, n in zip(readable, old_values, new_values, strict=True)
            if o != n
        ]
        if changed:
            changes.append(RowChange(label(new_values), "changed", changed))
    for row_id, row in before.items():
        if row_id not in after:
            old_values = values(row)
            shown = [
                _change(name, f, v, "")
                for (name, f), v in zip(readable, old_values, strict=True)
                if v not in ("", "—")
            ]
            changes.append(RowChange(label(old_values), "removed", shown))
    return changes
