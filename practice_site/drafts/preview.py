"""A page as the public will see it once published, made from a change form that is not saved.

The form is saved through the admin's own methods inside a transaction that is always rolled
back, and the page's public view renders it there, for a visitor who is not signed in. Nothing
is kept: not the page, not its history, not the page cache's content version. Files chosen in
the form are left out (they are stored as they are processed, outside any transaction).
"""

import copy
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.base import BaseStorage
from django.db import IntegrityError, transaction
from django.http import Http404, QueryDict
from django.urls import resolve
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.datastructures import MultiValueDict

from .registry import draftable
from .state import bind, is_valid, set_files

ROBOTS = '<meta name="robots" content="noindex, nofollow">'


@dataclass
class Preview:
    label: str = ""
    html: str = ""  # the public page, complete; empty when it cannot be shown
    shown: bool = True  # whether visitors would see it if it were published as it stands
    errors: list = field(default_factory=list)  # (label, message) the form refused


class NoMessages(BaseStorage):
    """Messages kept, never shown: a preview's public page shows none of the staff member's
    pending admin messages, and the worker's made-up request has nowhere to show them."""

    def _get(self, *args, **kwargs):
        return [], True

    def _store(self, messages, response, *args, **kwargs):
        return []


def render(model_admin, request, obj, data):
    config = draftable(model_admin.model)
    result = Preview(label=str(obj) if obj is not None else "")
    with transaction.atomic():
        try:
            form, formsets = bind(model_admin, request, obj, data)
            if not is_valid(form, formsets):
                result.errors = _errors(form, formsets)
                return result
            saving = copy.copy(request)
            saving.drafts_previewing = True
            saving._messages = NoMessages(request)
            change = obj is not None
            page = model_admin.save_form(saving, form, change=change)
            model_admin.save_model(saving, page, form, change)
            model_admin.save_related(saving, form, formsets, change)
            result.label = str(page)
            result.shown = config.is_public(page)
            if not result.shown and config.visibility:
                _show(page, config.visibility)
            result.html = _public_page(request, config.public_url(page))
        finally:
            transaction.set_rollback(True)
    return result


def _show(page, visibility):
    """Make the unsaved page visible for the preview, if the database lets it be."""
    name, shown, _hidden = visibility
    try:
        with transaction.atomic():
            type(page)._default_manager.filter(pk=page.pk).update(**{name: shown})
    except IntegrityError:  # e.g. a testimonial without its consent date
        pass


def _public_page(request, path):
    """The HTML of the page at `path` as a visitor who is not signed in gets it, or ""."""
    match = resolve(path)
    visitor = copy.copy(request)
    visitor.method = "GET"
    visitor.GET = QueryDict()
    visitor.POST = QueryDict()
    set_files(visitor, MultiValueDict())
    visitor.path = visitor.path_info = path
    visitor.META = {**request.META, "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": ""}
    visitor.user = AnonymousUser()
    visitor._messages = NoMessages(visitor)
    visitor.resolver_match = match
    for cached in ("_practice_profile", "_cached_user"):
        visitor.__dict__.pop(cached, None)
    try:
        response = match.func(visitor, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    except Http404:
        return ""
    if response.status_code != 200:
        return ""
    html = response.content.decode(response.charset or "utf-8")
    return html.replace("<head>", f"<head>\n  {ROBOTS}", 1)


def _errors(form, formsets):
    errors = []
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else "The page"
        errors.extend((str(label), str(message)) for message in messages)
    for formset in formsets:
        noun = str(formset.model._meta.verbose_name).capitalize()
        errors.extend((noun, str(message)) for message in formset.non_form_errors())
        for row in formset.forms:
            for name, messages in row.errors.items():
                label = row.fields[name].label if name in row.fields else ""
                where = f"{noun}, {str(label).lower()}" if label else noun
                errors.extend((where, str(message)) for message in messages)
    return errors


def private(response):
    """Headers of every preview: never stored anywhere, never indexed."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
