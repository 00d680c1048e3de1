"""The draft, preview, schedule and history behaviour of the content pages' admin.

`draftable_admin(SomeAdmin)` makes a subclass of an app's ModelAdmin with these buttons:
"Save draft", "Preview", "Publish" and "Schedule…". The app's own admin code is unchanged; it
is the admin site (practice_site/admin_site.py) that applies this to the models in registry.py.
"""

import copy
from datetime import timedelta
from functools import update_wrapper
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from procedures.model_fields import row_id

from ..admin_site import files_dropped
from . import services
from .admin_filters import MedicalReviewFilter, UnpublishedChangesFilter, review_cutoff, when
from .admin_views import DraftPageViews
from .diff import compare
from .guard import CheckedInTheSave, still_as_opened
from .models import Draft, Version, Withdrawal
from .registry import draftable
from .state import (
    as_querydict,
    bind,
    cleaned_state,
    edit_version,
    has_changed,
    is_valid,
    posted_state,
    state_of,
    unkept_changes,
    validated_state,
)

FILES_IN_DRAFT = (
    "Nothing was saved. A draft keeps the words and settings of a page, not photos or videos "
    "added or removed. To save them with your other changes, press “Publish” (choose any "
    "photo or video again first: the browser has emptied its box); or undo that change to "
    "save a draft."
)
EDITED_MEANWHILE = (
    "Nothing was saved: someone changed this page, its photo consents or its draft after you "
    "opened it, and saving this form would have undone that. What you typed is still below: "
    'copy what you want to keep, then <a href="{}">open the page as it is now</a> and make '
    "your change there."
)
FILES_NOT_KEPT = (
    "A browser cannot keep a chosen file when the form comes back with a problem: once it is "
    "put right, choose the photos or videos again before you press “Publish”."
)
LIVE_INLINE_IN_DRAFT = (
    "Nothing was saved. {what} changes are recorded at once, never in a draft: press "
    "“Publish” to record them (your other changes go on the site too), or undo them to save "
    "a draft."
)


class DraftableAdmin(CheckedInTheSave, DraftPageViews):
    """Mixed in before an app's ModelAdmin (see draftable_admin)."""

    change_form_template = "admin/drafts/change_form.html"
    change_list_template = "admin/drafts/change_list.html"
    object_history_template = "admin/drafts/history.html"

    @property
    def draftable(self):
        return draftable(self.model)

    # --- URLs ---------------------------------------------------------------------------

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            return update_wrapper(wrapper, view)

        name = f"{self.opts.app_label}_{self.opts.model_name}"
        urls = []
        for action, view in (
            ("preview", self.preview_view),
            ("schedule", self.schedule_view),
            ("discard", self.discard_view),
            ("changes", self.changes_view),
        ):
            urls.append(path(f"add/{action}/", wrap(view), name=f"{name}_{action}_new"))
            urls.append(path(f"<path:object_id>/{action}/", wrap(view), name=f"{name}_{action}"))
        history = "<path:object_id>/history/<int:version_id>/"
        urls.append(path(history, wrap(self.version_view), name=f"{name}_version"))
        return urls + super().get_urls()

    def _url(self, action, obj=None, draft=None, **params):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_{action}"
        if obj is not None:
            url = reverse(name, args=[quote(obj.pk)])
        else:
            url = reverse(f"{name}_new") if action not in ("add", "changelist") else reverse(name)
            if draft is not None:
                params["draft"] = draft.pk
        return f"{url}?{urlencode(params)}" if params else url

    def _change_url(self, obj=None, draft=None):
        return self._url("change", obj) if obj is not None else self._url("add", draft=draft)

    # --- Which page ---------------------------------------------------------------------

    def _page(self, request, object_id):
        """(obj, draft): the page (None for a new one) and its draft, if any."""
        if object_id is None:
            draft_id = row_id(request.GET.get("draft"))
            draft = None
            if draft_id is not None:
                draft = (
                    Draft.objects.for_model(self.model)
                    .filter(pk=draft_id, object_id__isnull=True)
                    .first()
                )
            return None, draft
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such page.")
        return obj, services.draft_of(obj)

    def _may_edit(self, request, obj):
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    # --- The change form ----------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if IS_POPUP_VAR in request.GET or IS_POPUP_VAR in request.POST:
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id is not None and self.get_object(request, unquote(object_id)) is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        obj, draft = self._page(request, object_id)
        if request.method == "POST":
            # Stored texts use LF line breaks whichever button is pressed (browsers post CRLF).
            request.POST = as_querydict({k: request.POST.getlist(k) for k in request.POST})
            opened = request.POST.get("_edit_version")
            if opened and opened != edit_version(self, request, obj, draft):
                messages.error(request, format_html(EDITED_MEANWHILE, self._change_url(obj, draft)))
                posted = posted_state(request.POST)
                return self._render_form(
                    request, object_id, obj, draft, posted, form_url, extra_context
                )
            if "_save_draft" in request.POST or "_schedule" in request.POST:
                return self._save_draft(request, object_id, obj, draft, form_url, extra_context)
            # "Publish": the admin's own save; save_model/save_related add the bookkeeping.
            request.drafts_publishing = draft
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if files_dropped(request, response):
                messages.warning(request, FILES_NOT_KEPT)
            return response
        data = None
        if draft is not None and self._may_edit(request, obj):
            data = self._draft_state(request, obj, draft)
        return self._render_form(request, object_id, obj, draft, data, form_url, extra_context)

    def _render_form(self, request, object_id, obj, draft, data, form_url, extra_context):
        """The change form, bound to `data` when given (a draft, or a refused post): never saves."""
        shown = copy.copy(request)
        shown.method = "GET"
        shown.drafts_bound = data
        context = {**(extra_context or {}), **self._status(request, obj, draft)}
        # A form shown again after a refused post keeps the token it was opened with.
        context["edit_version"] = request.POST.get("_edit_version") or edit_version(
            self, request, obj, draft
        )
        return super().changeform_view(shown, object_id, form_url, context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A Publish that Django's own validation refused: the form keeps its token too, and
        # says where the page stands as stored (`obj` holds the refused values).
        context.setdefault("edit_version", request.POST.get("_edit_version", ""))
        if "drafts" not in context:
            stored = self.get_object(request, str(obj.pk)) if obj and obj.pk else None
            context.update(self._status(request, stored, stored and services.draft_of(stored)))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        data = getattr(request, "drafts_bound", None)
        if data is None or request.method != "GET":
            return form_class

        class ShowingDraft(form_class):
            def __init__(self, *args, **kwargs):
                if not args and "data" not in kwargs:
                    kwargs["data"] = as_querydict(data)
                    kwargs.setdefault("files", {})
                super().__init__(*args, **kwargs)

        ShowingDraft.__name__ = form_class.__name__
        return ShowingDraft

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        data = getattr(request, "drafts_bound", None)
        if data is not None and request.method == "GET":
            kwargs.update(data=as_querydict(data), files={})
        return kwargs

    def _save_draft(self, request, object_id, obj, draft, form_url, extra_context):
        if not self._may_edit(request, obj):
            raise PermissionDenied
        config = self.draftable
        posted = posted_state(request.POST)
        # Read before binding: validating the form writes the posted values onto `obj`.
        stored = state_of(self, request, obj) if obj is not None else None
        base = cleaned_state(self, request, obj, stored) if obj is not None else None
        published = str(obj)
        form, formsets = bind(self, request, obj, posted)
        if request.FILES or unkept_changes(form, formsets):
            messages.error(request, FILES_IN_DRAFT)
            return self._render_form(
                request, object_id, obj, draft, posted, form_url, extra_context
            )
        if not is_valid(form, formsets):
            return self._render_form(
                request, object_id, obj, draft, posted, form_url, extra_context
            )
        if obj is not None:
            live = [fs for fs in formsets if fs.model._meta.label_lower in config.live_inlines]
            changed_live = [fs for fs in live if fs.has_changed()]
            if changed_live:
                what = str(changed_live[0].model._meta.verbose_name).capitalize()
                messages.error(request, LIVE_INLINE_IN_DRAFT.format(what=what))
                return self._render_form(
                    request, object_id, obj, draft, posted, form_url, extra_context
                )
            # Django's has_changed() also counts what cleaning alone changes (a text stored
            # with a final line break, as the demo's files give it): the comparison staff see
            # under "See what changed" decides.
            if not has_changed(form, formsets) or not compare(
                self, request, obj, stored, validated_state(form, formsets)
            ):
                if draft is not None:
                    draft.delete()
                messages.info(
                    request,
                    "There was nothing to keep as a draft: the form is the same as the "
                    "published page.",
                )
                return HttpResponseRedirect(self._change_url(obj))
        with transaction.atomic():  # checked again, with the page locked: a save meanwhile
            if not still_as_opened(self, request, obj):
                messages.error(request, format_html(EDITED_MEANWHILE, self._change_url(obj)))
                return self._render_form(
                    request, object_id, obj, draft, posted, form_url, extra_context
                )
            data, label = validated_state(form, formsets), str(form.instance)
            draft = services.save_draft(self.model, obj, draft, data, request.user, label, base)
        if "_schedule" in request.POST:
            return HttpResponseRedirect(self._url("schedule", obj, draft))
        if obj is None:
            messages.success(
                request,
                format_html(
                    "Draft saved. “{}” is not on the site: use “Preview” to see it, and "
                    "“Publish” when it is ready.",
                    draft.label,
                ),
            )
        else:
            messages.success(
                request,
                format_html(
                    "Draft saved. The site still shows the published “{}”: use “Preview” to "
                    "see your changes, and “Publish” to put them on the site.",
                    published,
                ),
            )
        return HttpResponseRedirect(self._change_url(obj, draft))

    def save_model(self, request, obj, form, change):
        if change and not getattr(request, "drafts_previewing", False):
            services.record_baseline(self, request, obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if getattr(request, "drafts_previewing", False):
            return
        if getattr(request, "drafts_list_edit", False):
            # The page's draft stays (changelist_view carries the change into it).
            services.record_version(self, request, form.instance, note="Changed in the list")
        else:
            services.after_publication(self, request, form.instance, change)

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self._say_published(request, obj)
        return HttpResponseRedirect(self._changelist_url(request))

    def response_change(self, request, obj):
        if IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        self._say_published(request, obj)
        return HttpResponseRedirect(self._changelist_url(request))

    def _changelist_url(self, request):
        return _with_filters(self._url("changelist"), self.get_preserved_filters(request))

    def _say_published(self, request, obj):
        config = self.draftable
        if config.is_public(obj):
            messages.success(
                request,
                format_html(
                    "Published “{}”: visitors see it as it is now. "
                    '<a href="{}">Open the page on the site</a>.',
                    obj,
                    config.public_url(obj),
                ),
            )
            return
        # A model admin may say why in its own words (a case's consent: gallery/admin.py).
        why_hidden = getattr(self, "why_hidden", None)
        if hidden_by := config.hidden_by(obj):
            reason = hidden_by
        elif why_hidden and (because := why_hidden(obj)):
            reason = because
        else:
            reason = "it does not meet the conditions for being shown (see the top of its form)"
        messages.warning(
            request,
            format_html("Saved “{}”, but visitors do not see it: {}.", obj, reason),
        )

    # --- What the form says about the page ----------------------------------------------

    def _status(self, request, obj, draft):
        config = self.draftable
        live = obj is not None and config.is_public(obj)
        withdrawal = Withdrawal.objects.of(obj).first() if obj is not None else None
        last = Version.objects.of(obj).first() if obj is not None else None
        status = {
            "obj": obj,
            "draft": draft,
            "live": live,
            "withdrawal": withdrawal,
            "last_version": last,
            "can_withdraw": bool(config.visibility) and obj is not None,
            "preview_url": self._url("preview", obj, draft),
            "schedule_url": self._url("schedule", obj, draft) if draft or obj else "",
            "discard_url": self._url("discard", obj, draft) if draft else "",
            "changes_url": self._url("changes", obj) if draft and obj else "",
            "public_url": config.public_url(obj) if live else "",
            "resaved": draft is not None
            and (
                draft.updated_by_id != draft.created_by_id
                or draft.updated_at - draft.created_at > timedelta(minutes=1)
            ),
            "when": when,
        }
        if config.reviewed and obj is not None:
            status["review_months"] = settings.MEDICAL_REVIEW_MONTHS
            status["review_sample"], status["review_date"] = obj.sample_review, obj.last_reviewed
            status["review_overdue"] = (
                obj.last_reviewed is None or obj.last_reviewed < review_cutoff()
            )
        return {"drafts": status}

    # --- Change list ----------------------------------------------------------------------

    def get_queryset(self, request):
        ct = services.content_type(self.model)
        drafts = Draft.objects.filter(content_type=ct, object_id=OuterRef("pk"))
        withdrawals = Withdrawal.objects.filter(content_type=ct, object_id=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                drafts_since=Subquery(drafts.values("created_at")[:1]),
                drafts_go_live=Subquery(drafts.values("publish_at")[:1]),
                drafts_failed=Subquery(drafts.exclude(problem="").values("problem")[:1]),
                drafts_withdraw=Subquery(withdrawals.values("withdraw_at")[:1]),
            )
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "unpublished_changes"]

    def get_list_filter(self, request):
        extra = [UnpublishedChangesFilter]
        if self.draftable.reviewed:
            extra.append(MedicalReviewFilter)
        return [*extra, *super().get_list_filter(request)]

    @admin.display(description="unpublished changes", ordering="drafts_since")
    def unpublished_changes(self, obj):
        parts = []
        if obj.drafts_since:
            parts.append(f"Draft since {when(obj.drafts_since)}")
        if obj.drafts_failed:
            parts.append("NOT published on schedule: open the page to see why")
        elif obj.drafts_go_live:
            parts.append(f"goes live {when(obj.drafts_go_live)}")
        if obj.drafts_withdraw:
            parts.append(f"leaves the site {when(obj.drafts_withdraw)}")
        return "; ".join(parts) or "—"

    def changelist_view(self, request, extra_context=None):
        new_drafts = (
            Draft.objects.for_model(self.model)
            .filter(object_id__isnull=True)
            .select_related("updated_by")
        )
        links = [(d, self._change_url(None, d)) for d in new_drafts]
        context = {**(extra_context or {}), "drafts_new": links, "drafts_when": when}
        # A post here changes live pages directly: a box in the list (Order) or an action
        # ("Record a medical review today…", "Publish selected"). A draft saved before drafts
        # kept their base takes the same changes, so that publishing it does not undo them.
        request.drafts_list_edit = True  # see save_related
        drafted = services.drafted_states(self, request) if request.method == "POST" else []
        response = super().changelist_view(request, context)
        services.carry_into_drafts(self, request, drafted)
        return response


def _with_filters(url, preserved):
    # get_preserved_filters gives "_changelist_filters=<encoded query>" or "".
    query = dict(parse_qsl(preserved)).get("_changelist_filters", "")
    return f"{url}?{query}" if query else url


def draftable_admin(admin_class):
    """`admin_class` with drafts, previews, schedules and history (see DraftableAdmin)."""
    return type(admin_class.__name__, (DraftableAdmin, admin_class), {})
