"""A change form's state as data: the fields and inline rows the admin's form would post.

Drafts and published versions store this state. Binding it to the ModelAdmin's own form and
formsets gives the same validation and the same save path as a click on the form's button.
"""

import copy
import re

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.models import InlineForeignKeyField
from django.http import QueryDict
from django.utils.crypto import salted_hmac
from django.utils.datastructures import MultiValueDict

# Form data that is not the page's state: the CSRF token and the admin's buttons ("_save" ...).
_NOT_STATE = re.compile(r"^(csrfmiddlewaretoken$|_)")
# A row's key after its formset's prefix: "3-body". A field's name starts with a letter, so that
# "2-0-title", a row of the prefix's second formset ("credentials-2-0-title"), is not one.
_ROW_KEY = re.compile(r"^(?P<index>\d+)-(?P<field>[A-Za-z_].*)$")
_MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


def posted_state(querydict):
    """The page's state from a posted change form: {name: [values]}, files left out."""
    return {key: querydict.getlist(key) for key in querydict if not _NOT_STATE.match(key)}


def as_querydict(data):
    """`data` ({name: [values]}) as a QueryDict, line breaks as stored (see newlines())."""
    result = QueryDict(mutable=True)
    for key, values in data.items():
        result.setlist(key, [newlines(v) if isinstance(v, str) else v for v in values])
    result._mutable = False
    return result


def set_files(request, files):
    # A WSGIRequest reads its files through a property without a setter.
    request.__dict__["_files"] = files
    if "FILES" in request.__dict__ or not hasattr(type(request), "FILES"):
        request.FILES = files


def _as_request(request, data):
    """A copy of `request` that reads as a POST of `data` (no files), or a GET if data is None."""
    clone = copy.copy(request)
    clone.method = "GET" if data is None else "POST"
    clone.POST = as_querydict(data or {})
    set_files(clone, MultiValueDict())
    clone.drafts_bound = None  # see DraftableAdmin.get_form: never show a stored draft here
    return clone


def bind(model_admin, request, obj, data=None):
    """The admin's form and inline formsets for `obj` (None for a new page).

    Bound to `data` when it is given; otherwise unbound, showing `obj` as stored.
    """
    change = obj is not None
    request = _as_request(request, data)
    fieldsets = model_admin.get_fieldsets(request, obj)
    form_class = model_admin.get_form(
        request, obj, change=change, fields=flatten_fieldsets(fieldsets)
    )
    if data is not None:
        form = form_class(request.POST, request.FILES, instance=obj)
    elif change:
        form = form_class(instance=obj)
    else:
        form = form_class(initial=model_admin.get_changeform_initial_data(request))
    formsets, _ = model_admin._create_formsets(request, form.instance, change=change)
    return form, formsets


def is_valid(form, formsets):
    # Every formset is validated, so that all errors are there to show.
    valid = form.is_valid()
    return all([formset.is_valid() for formset in formsets]) and valid


def has_changed(form, formsets):
    return form.has_changed() or any(formset.has_changed() for formset in formsets)


# --- From a form back to data --------------------------------------------------------------


def widget_data(widget, name, value):
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, forms.MultiWidget):
        values = value if isinstance(value, list | tuple) else widget.decompress(value)
        data = {}
        for suffix, sub, sub_value in zip(
            widget.widgets_names, widget.widgets, values, strict=False
        ):
            data.update(widget_data(sub, name + suffix, sub_value))
        return data
    if isinstance(widget, forms.CheckboxInput):
        return {name: ["on"]} if widget.check_test(value) else {}
    formatted = widget.format_value(value)
    if isinstance(formatted, list | tuple):
        values = [str(v) for v in formatted if v not in (None, "")]
        if widget.allow_multiple_selected:
            return {name: values}
        return {name: values[:1] or [""]}
    return {name: ["" if formatted is None else str(formatted)]}


def _stored_fields(form):
    """The form's fields a draft keeps: the model's own, and an inline row's id and DELETE.

    Files are never kept (a draft holds words and settings); nor are helper fields that are not
    stored on the model (a testimonial's "patient's name, not saved" only makes the initials).
    """
    model_fields = {f.name for f in form._meta.model._meta.get_fields()}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        if name in model_fields or name in ("DELETE", "ORDER"):
            yield name, field


def unkept_changes(form, formsets):
    """Labels of what a draft cannot keep: changed files, tick boxes that act when saved but are
    not stored ("remove the portrait"), and new rows that hold files (a photo pair)."""
    found = []
    for each in [form, *(f for fs in formsets for f in fs.forms)]:
        if (
            each is not form
            and each.instance._state.adding
            and each.has_changed()
            and "DELETE" not in each.changed_data
            and any(isinstance(field, forms.FileField) for field in each.fields.values())
        ):
            found.append(str(each._meta.model._meta.verbose_name))
            continue
        model_fields = {f.name for f in each._meta.model._meta.get_fields()}
        for name in each.changed_data:
            field = each.fields[name]
            if isinstance(field, forms.FileField) or (
                isinstance(field, forms.BooleanField)
                and name not in model_fields
                and name not in ("DELETE", "ORDER")
            ):
                found.append(str(field.label or name))
    return found


def form_data(form):
    """What `form` (unbound) would post: its initial values in the widgets' formats."""
    data = {}
    for name, field in _stored_fields(form):
        data.update(widget_data(field.widget, form.add_prefix(name), form[name].value()))
    return data


def newlines(text):
    """Browsers post line breaks as CRLF; what is stored (and compared) uses LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cleaned_form_data(form, prefix=None):
    """What a valid bound `form` holds once cleaned, in the widgets' formats."""
    data = {}
    for name, field in _stored_fields(form):
        if name not in form.cleaned_data:
            continue
        key = f"{prefix}-{name}" if prefix else form.add_prefix(name)
        value = form.cleaned_data[name]
        # An inline row's link to its page cleans to the page itself; it posts the page's id.
        value = getattr(value, "pk", "") if isinstance(field, InlineForeignKeyField) else value
        value = field.prepare_value(value)
        if isinstance(value, str):
            value = newlines(value)
        data.update(widget_data(field.widget, key, value))
    return data


def validated_state(form, formsets):
    """The state a valid form and formsets hold: their cleaned values, as data to bind again.

    Kept rather than the posted data, so that what a form works out in clean() is stored (a
    testimonial's initials) and what it only uses there is not (the patient's name).
    """
    data = cleaned_form_data(form)
    for formset in formsets:
        initial = formset.initial_forms
        rows = initial + [f for f in formset.extra_forms if f.has_changed()]
        data.update(_management(formset, len(rows), len(initial)))
        for index, row in enumerate(rows):
            data.update(cleaned_form_data(row, prefix=f"{formset.prefix}-{index}"))
    return data


def cleaned_state(model_admin, request, obj, data):
    """`data` as the form cleans it, as a draft's data is kept (validated_state), so that the
    two compare value for value: a text stored with a final line break, as the demo's files give
    it, is then the same text. `data` itself if the form refuses it."""
    form, formsets = bind(model_admin, request, obj, data)
    return validated_state(form, formsets) if is_valid(form, formsets) else data


def state_of(model_admin, request, obj):
    """The change form of `obj` as stored now, as data: what a draft or a version holds."""
    form, formsets = bind(model_admin, request, obj)
    data = form_data(form)
    for formset in formsets:
        data.update(formset_data(formset))
    return data


def edit_version(model_admin, request, obj, draft):
    """A token of the page as stored and of its draft. The form carries the one it was opened
    with: a different one now means someone changed the page or its draft since."""
    if obj is not None:  # read again: a validated form has written its values onto `obj`
        obj = model_admin.get_object(request, str(obj.pk))
    state = sorted(state_of(model_admin, request, obj).items()) if obj is not None else None
    # The row's own columns too: links the form only replaces or removes (a portrait) are no
    # form data, and a stale "Remove the portrait" would remove a colleague's new one.
    row = [str(f.value_from_object(obj)) for f in obj._meta.concrete_fields] if obj else None
    saved = (draft.pk, draft.updated_at.isoformat()) if draft is not None else None
    return salted_hmac("drafts.edit_version", repr((state, row, saved))).hexdigest()


def formset_data(formset):
    """What an unbound inline formset would post for its stored rows (no empty extra rows)."""
    rows = formset.initial_forms
    data = _management(formset, len(rows), len(rows))
    for row in rows:
        data.update(form_data(row))
    return data


def _management(formset, total, initial):
    """The management form's data for `total` rows of `formset`, the first `initial` stored."""
    prefix = formset.prefix
    return {
        f"{prefix}-TOTAL_FORMS": [str(total)],
        f"{prefix}-INITIAL_FORMS": [str(initial)],
        f"{prefix}-MIN_NUM_FORMS": [str(formset.min_num)],
        f"{prefix}-MAX_NUM_FORMS": [str(formset.max_num)],
    }


def _with_rows(data, formset, rows, initial):
    """`data` with the rows of `formset` replaced by `rows` ([{field: [values]}], in order),
    the first `initial` of them stored ones."""
    start = f"{formset.prefix}-"
    management = {f"{start}{name}" for name in _MANAGEMENT}
    data = {
        k: v
        for k, v in data.items()
        if k not in management and not (k.startswith(start) and _ROW_KEY.match(k[len(start) :]))
    }
    data.update(_management(formset, len(rows), initial))
    for index, row in enumerate(rows):
        data.update({f"{start}{index}-{name}": list(values) for name, values in row.items()})
    return data


# --- Stored data against the rows as they are now -------------------------------------------


def _rows(data, prefix):
    """The inline rows of `prefix` in `data`, in their order: [{field: [values]}]."""
    rows = {}
    start = f"{prefix}-"
    for key, values in data.items():
        if not key.startswith(start):
            continue
        match = _ROW_KEY.match(key[len(start) :])
        if match:
            rows.setdefault(int(match["index"]), {})[match["field"]] = values
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", ["0"])[0])
    except ValueError:
        total = 0
    return [rows.get(i, {}) for i in range(total)]


def align(model_admin, request, obj, data, live_inlines=(), base=None, together=(), moved=None):
    """`data` made to fit the inline rows stored now, so that binding it does what it says.

    Rows deleted since come back as new, rows added since are deleted; `live_inlines` (model
    labels), and inlines the data lacks, are taken as stored now. With `base` (the page when the
    draft was saved) only what the draft changed is applied, so an FAQ corrected elsewhere is not
    undone; the fields of each group in `together` go as one. A changed row that has since moved
    to another page stays there, and is appended to `moved` for the editor to be told.
    """
    current_form, current_formsets = bind(model_admin, request, obj)
    inline_keys = tuple(f"{fs.prefix}-" for fs in current_formsets)
    result = {k: list(v) for k, v in data.items() if not k.startswith(inline_keys)}
    merging = base is not None and obj is not None
    if merging:
        before = {k: v for k, v in base.items() if not k.startswith(inline_keys)}
        result = _merged(result, before, form_data(current_form), together)
    for formset in current_formsets:
        prefix = formset.prefix
        live = formset.model._meta.label_lower in live_inlines
        if obj is not None and (live or f"{prefix}-TOTAL_FORMS" not in data):
            result.update(formset_data(formset))
            continue
        pk_name = formset.model._meta.pk.name
        fk_name = formset.fk.name
        current = {
            str(form.instance.pk): _strip_prefix(form_data(form), form.prefix)
            for form in formset.initial_forms
        }
        based = None  # the rows as the draft found them, by id
        if merging and f"{prefix}-TOTAL_FORMS" in base:
            based = {
                (row.get(pk_name) or [""])[0]: _without(row, fk_name) for row in _rows(base, prefix)
            }
        kept, added, seen = [], [], set()
        for row in _rows(data, prefix):
            row_id = (row.get(pk_name) or [""])[0]
            deleted = bool((row.get("DELETE") or [""])[0])
            found = None if based is None else based.get(row_id)
            if row_id in current and row_id not in seen:
                seen.add(row_id)
                kept.append(row if found is None else _merged(row, found, current[row_id]))
            elif deleted or found == _without(row, fk_name):
                continue  # deleted by the draft, or deleted since and untouched by it
            elif found is not None and (
                elsewhere := formset.model._default_manager.filter(pk=row_id).first()
            ):
                # Changed by the draft, then moved to another page, where it stays: one
                # question must not become two.
                if moved is not None:
                    moved.append(elsewhere)
            else:
                # Deleted since and changed by the draft (or no base): it comes back.
                added.append({**row, pk_name: [""]})
        for row_id, stored in current.items():
            if row_id in seen:
                continue
            if based is not None and row_id not in based:
                kept.append(stored)  # added since the draft was saved
            else:
                kept.append({**stored, "DELETE": ["on"]})
        parent = "" if obj is None else str(obj.pk)
        rows = [{**row, fk_name: [parent]} for row in kept + added]
        result = _with_rows(result, formset, rows, len(kept))
    return result


def _merged(draft, base, now, together=()):
    """Each field as the draft has it where it changed it from `base`, otherwise as `now` has
    it; a group in `together` is taken whole from the draft if it changed any of it. Data as
    posted: a field missing is a tick box not ticked."""
    keys = set(draft) | set(base) | set(now)
    changed = {key for key in keys if draft.get(key) != base.get(key)}
    for group in together:
        if changed.intersection(group):
            changed.update(group)
    merged = {}
    for key in keys:
        source = draft if key in changed else now
        if key in source:
            merged[key] = list(source[key])
    return merged


def without_lost_uploads(model_admin, request, obj, data):
    """`data` (from `align`) without the rows that come back as new ones needing an upload: a
    version holds no files, so a photo pair deleted since cannot return without its photos.
    Returns the data and what it leaves out, in words ("1 photo pair")."""
    _form, formsets = bind(model_admin, request, obj, data)
    left_out = []
    for formset in formsets:
        lost = {
            index
            for index, form in enumerate(formset.forms)
            if index >= formset.initial_form_count()
            and any(isinstance(form.fields.get(name), forms.FileField) for name in form.errors)
        }
        if not lost:
            continue
        rows = [row for index, row in enumerate(_rows(data, formset.prefix)) if index not in lost]
        data = _with_rows(data, formset, rows, formset.initial_form_count())
        opts = formset.model._meta
        name = opts.verbose_name if len(lost) == 1 else opts.verbose_name_plural
        left_out.append(f"{len(lost)} {name}")
    return data, left_out


def _without(row, name):
    return {key: values for key, values in row.items() if key != name}


def _strip_prefix(data, prefix):
    start = f"{prefix}-"
    return {key[len(start) :]: values for key, values in data.items() if key.startswith(start)}


# --- Reading data as staff would -----------------------------------------------------------


def display_value(field, data, key):
    """The value of `field` under `key` in `data`, as a person reads it."""
    widget = field.widget
    raw = widget.value_from_datadict(as_querydict(data), MultiValueDict(), key)
    try:
        value = field.clean(raw)
    except forms.ValidationError:
        return "" if raw is None else newlines(str(raw))
    if isinstance(value, str):
        value = newlines(value)
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = {str(k): str(v) for k, v in _flat_choices(field.choices)}
        if isinstance(value, list | tuple):
            return ", ".join(labels.get(str(v), str(v)) for v in value) or "—"
        return labels.get(str(value), str(value)) if value not in (None, "") else "—"
    if value in (None, ""):
        return "—"
    if hasattr(value, "strftime"):
        return (
            widget.format_value(value) if not isinstance(widget, forms.MultiWidget) else str(value)
        )
    return str(value)


def _flat_choices(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield key, label


def readable_fields(form):
    """(name, field) of the form's fields that hold the page's content (no files or keys)."""
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField | InlineForeignKeyField):
            continue
        if name in ("DELETE", "ORDER") or isinstance(field.widget, forms.HiddenInput):
            continue
        yield name, field
