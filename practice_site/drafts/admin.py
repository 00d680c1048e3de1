"""The draft, preview, schedule and history behaviour of the content pages' admin.

`draftable_admin(SomeAdmin)` makes a subclass of an app's ModelAdmin with these buttons:
"Save draft", "Preview", "Publish" and "Schedule…". The app's own admin code is unchanged; it
is the admin site (practice_site/admin_site.py) that applies this to the models in registry.py.
"""

import copy
from datetime import timedelta
from functools import update_wrapper
from urllib.parse import parse_qsl

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode

from . import preview, services
from .diff import compare
from .models import Draft, Version, Withdrawal
from .registry import draftable
from .state import (
    align,
    as_querydict,
    bind,
    has_changed,
    is_valid,
    posted_state,
    state_of,
    unkept_changes,
    validated_state,
)

FILES_IN_DRAFT = (
    "Nothing was saved. A draft keeps the words and settings of a page, not photos or videos "
    "added or removed: press “Publish” to save them with your other changes, or undo that "
    "choice to save a draft."
)
LIVE_INLINE_IN_DRAFT = (
    "Nothing was saved. {what} changes are recorded at once, never in a draft: press "
    "“Publish” to record them (your other changes go on the site too), or undo them to save "
    "a draft."
)


def when(value):
    """A date and time as staff read it: "May 3, 2026, 14:05"."""
    return date_format(timezone.localtime(value), "N j, Y, H:i") if value else ""


def months_ago(today, months):
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = today.day
    while True:
        try:
            return today.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def review_cutoff():
    """Pages last reviewed before this date are overdue for medical review."""
    return months_ago(timezone.localdate(), settings.MEDICAL_REVIEW_MONTHS)


class UnpublishedChangesFilter(admin.SimpleListFilter):
    """?unpublished=yes: pages with a draft; =scheduled: with a publication or withdrawal set."""

    title = "unpublished changes"
    parameter_name = "unpublished"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Unpublished changes"),
            ("scheduled", "Scheduled to go live or leave"),
            ("no", "Published as they are"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(drafts_since__isnull=False)
        if self.value() == "scheduled":
            return queryset.filter(
                Q(drafts_go_live__isnull=False) | Q(drafts_withdraw__isnull=False)
            )
        if self.value() == "no":
            return queryset.filter(drafts_since__isnull=True)
        return queryset


class MedicalReviewFilter(admin.SimpleListFilter):
    """?review=overdue: not reviewed for longer than MEDICAL_REVIEW_MONTHS (the staff home's
    link); =due: due within a month; =current: reviewed recently."""

    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        months = settings.MEDICAL_REVIEW_MONTHS
        return [
            ("overdue", f"Overdue (not reviewed for {months} months)"),
            ("due", "Due within a month"),
            ("current", "Up to date"),
        ]

    def queryset(self, request, queryset):
        cutoff = review_cutoff()
        if self.value() == "overdue":
            return queryset.filter(Q(last_reviewed__lt=cutoff) | Q(last_reviewed__isnull=True))
        if self.value() == "due":
            return queryset.filter(
                last_reviewed__gte=cutoff, last_reviewed__lt=cutoff + timedelta(days=31)
            )
        if self.value() == "current":
            return queryset.filter(last_reviewed__gte=cutoff + timedelta(days=31))
        return queryset


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(
        label="Publish the draft on",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="The draft goes on the site at this time and the page is shown to visitors. "
        "Leave empty to publish it yourself.",
    )
    withdraw_at = forms.DateTimeField(
        label="Take the page off the site on",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="From this time visitors no longer see the page; nothing is deleted. "
        "Leave empty to keep it on the site.",
    )

    def __init__(self, *args, can_go_live=True, can_withdraw=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_go_live:
            del self.fields["go_live_at"]
        if not can_withdraw:
            del self.fields["withdraw_at"]

    def clean(self):
        cleaned = super().clean()
        now = timezone.now()
        for name in ("go_live_at", "withdraw_at"):
            value = cleaned.get(name)
            if value and value <= now:
                self.add_error(name, "Choose a time in the future.")
        go_live, withdraw = cleaned.get("go_live_at"), cleaned.get("withdraw_at")
        if go_live and withdraw and withdraw <= go_live:
            self.add_error("withdraw_at", "Choose a time after the draft goes live.")
        return cleaned


class DraftableAdmin:
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
        urls.append(
            path(
                "<path:object_id>/history/<int:version_id>/",
                wrap(self.version_view),
                name=f"{name}_version",
            )
        )
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
        if obj is not None:
            return reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)]
            )
        return self._url("add", draft=draft)

    # --- Which page ---------------------------------------------------------------------

    def _page(self, request, object_id):
        """(obj, draft): the page (None for a new one) and its draft, if any."""
        if object_id is None:
            draft_id = request.GET.get("draft", "")
            draft = None
            if draft_id.isdigit():
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
            if "_save_draft" in request.POST or "_schedule" in request.POST:
                return self._save_draft(request, object_id, obj, draft, form_url, extra_context)
            # "Publish": the admin's own save; save_model/save_related add the bookkeeping.
            request.drafts_publishing = draft
            return super().changeform_view(request, object_id, form_url, extra_context)
        data = None
        if draft is not None and self._may_edit(request, obj):
            data = align(self, request, obj, draft.data, self.draftable.live_inlines)
        return self._render_form(request, object_id, obj, draft, data, form_url, extra_context)

    def _render_form(self, request, object_id, obj, draft, data, form_url, extra_context):
        """The change form, bound to `data` when given (a draft, or a refused post): never saves."""
        shown = copy.copy(request)
        shown.method = "GET"
        shown.drafts_bound = data
        context = {**(extra_context or {}), **self._status(request, obj, draft)}
        return super().changeform_view(shown, object_id, form_url, context)

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
        draft = services.save_draft(
            self.model,
            obj,
            draft,
            validated_state(form, formsets),
            request.user,
            str(form.instance),
        )
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
                    obj,
                ),
            )
        return HttpResponseRedirect(self._change_url(obj, draft))

    def save_model(self, request, obj, form, change):
        if change and not getattr(request, "drafts_previewing", False):
            services.record_baseline(self, request, obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not getattr(request, "drafts_previewing", False):
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
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return _with_filters(url, self.get_preserved_filters(request))

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
        if config.visibility and getattr(obj, config.visibility[0]) == config.visibility[2]:
            field = self.model._meta.get_field(config.visibility[0])
            reason = f"its “{field.verbose_name}” setting hides it"
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
        if obj.drafts_go_live:
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
        return super().changelist_view(request, context)

    # --- Preview ----------------------------------------------------------------------------

    def preview_view(self, request, object_id=None):
        obj, draft = self._page(request, object_id)
        if not self._may_edit(request, obj):
            raise PermissionDenied
        ignored_files = False
        if request.method == "POST":
            data = posted_state(request.POST)
            ignored_files = bool(request.FILES)
        elif draft is not None:
            data = align(self, request, obj, draft.data, self.draftable.live_inlines)
        elif obj is not None:
            data = state_of(self, request, obj)
        else:
            raise Http404("Nothing to preview.")
        result = preview.render(self, request, obj, data)
        width = "phone" if request.GET.get("width") == "phone" else "desktop"
        response = TemplateResponse(
            request,
            "admin/drafts/preview.html",
            {
                "result": result,
                "width": width,
                "ignored_files": ignored_files,
                "opts": self.opts,
                "label": result.label or (str(obj) if obj else ""),
            },
        )
        return preview.private(response)

    # --- Schedule, discard ------------------------------------------------------------------

    def schedule_view(self, request, object_id=None):
        obj, draft = self._page(request, object_id)
        if not self._may_edit(request, obj):
            raise PermissionDenied
        if obj is None and draft is None:
            raise Http404("Save the new page as a draft first.")
        config = self.draftable
        withdrawal = Withdrawal.objects.of(obj).first() if obj is not None else None
        can_withdraw = bool(config.visibility) and obj is not None
        initial = {
            "go_live_at": draft and draft.publish_at and timezone.localtime(draft.publish_at),
            "withdraw_at": withdrawal and timezone.localtime(withdrawal.withdraw_at),
        }
        form = ScheduleForm(
            request.POST or None,
            initial=initial,
            can_go_live=draft is not None,
            can_withdraw=can_withdraw,
        )
        if request.method == "POST" and form.is_valid():
            said = services.set_schedule(
                self.model,
                obj,
                draft,
                request.user,
                go_live_at=form.cleaned_data.get("go_live_at"),
                withdraw_at=form.cleaned_data.get("withdraw_at"),
            )
            messages.success(request, said)
            return HttpResponseRedirect(self._change_url(obj, draft))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Schedule",
            "subtitle": str(obj) if obj is not None else draft.label,
            "form": form,
            "obj": obj,
            "draft": draft,
            "live": obj is not None and config.is_public(obj),
            "change_url": self._change_url(obj, draft),
            "time_zone": settings.TIME_ZONE,
            "when": when,
        }
        return TemplateResponse(request, "admin/drafts/schedule.html", context)

    def discard_view(self, request, object_id=None):
        obj, draft = self._page(request, object_id)
        if not self._may_edit(request, obj):
            raise PermissionDenied
        if draft is None:
            messages.info(request, "There is no draft to discard.")
            return HttpResponseRedirect(self._change_url(obj))
        if request.method == "POST":
            label = draft.label
            draft.delete()
            if obj is None:
                messages.success(request, f"The draft of the new page “{label}” was discarded.")
                return HttpResponseRedirect(self._changelist_url(request))
            messages.success(
                request,
                f"The unpublished changes to “{obj}” were discarded. The form shows the "
                "published page again.",
            )
            return HttpResponseRedirect(self._change_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Discard the draft?",
            "subtitle": draft.label,
            "obj": obj,
            "draft": draft,
            "change_url": self._change_url(obj, draft),
            "when": when,
        }
        return TemplateResponse(request, "admin/drafts/discard.html", context)

    # --- History: versions, comparisons, restoring --------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.of(obj).select_related("published_by")
        log = LogEntry.objects.filter(
            content_type=services.content_type(self.model), object_id=str(obj.pk)
        ).select_related("user")[:50]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"History of “{obj}”",
            "subtitle": None,
            "object": obj,
            "versions": [(v, self._version_url(obj, v)) for v in versions],
            "log": log,
            "draft": services.draft_of(obj),
            "changes_url": self._url("changes", obj),
            "change_url": self._change_url(obj),
            "when": when,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def _version_url(self, obj, version):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_version",
            args=[quote(obj.pk), version.pk],
        )

    def version_view(self, request, object_id, version_id):
        obj, draft = self._page(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.of(obj), pk=version_id)
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            data = align(self, request, obj, version.data, self.draftable.live_inlines)
            services.save_draft(self.model, obj, draft, data, request.user, str(obj))
            messages.success(
                request,
                f"The version published on {when(version.published_at)} is now the draft of "
                f"“{obj}”. Nothing on the site has changed: check it, then press “Publish”.",
            )
            return HttpResponseRedirect(self._change_url(obj))
        current = state_of(self, request, obj)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"The version of {when(version.published_at)} and the page now",
            "crumb": "Compare",
            "subtitle": str(obj),
            "object": obj,
            "version": version,
            "draft": draft,
            "comparison": compare(self, request, obj, version.data, current),
            "old_label": f"Version of {when(version.published_at)}",
            "new_label": "On the site now",
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                args=[quote(obj.pk)],
            ),
            "can_restore": self.has_change_permission(request, obj),
            "change_url": self._change_url(obj),
            "when": when,
        }
        return TemplateResponse(request, "admin/drafts/compare.html", context)

    def changes_view(self, request, object_id=None):
        obj, draft = self._page(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if draft is None:
            messages.info(request, "There are no unpublished changes.")
            return HttpResponseRedirect(self._change_url(obj))
        current = state_of(self, request, obj)
        data = align(self, request, obj, draft.data, self.draftable.live_inlines)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Unpublished changes",
            "crumb": "Unpublished changes",
            "subtitle": str(obj),
            "object": obj,
            "draft": draft,
            "comparison": compare(self, request, obj, current, data),
            "old_label": "On the site now",
            "new_label": f"Draft of {when(draft.updated_at)}",
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                args=[quote(obj.pk)],
            ),
            "change_url": self._change_url(obj),
            "can_restore": False,
            "when": when,
        }
        return TemplateResponse(request, "admin/drafts/compare.html", context)


def _with_filters(url, preserved):
    # get_preserved_filters gives "_changelist_filters=<encoded query>" or "".
    query = dict(parse_qsl(preserved)).get("_changelist_filters", "")
    return f"{url}?{query}" if query else url


def draftable_admin(admin_class):
    """`admin_class` with drafts, previews, schedules and history (see DraftableAdmin)."""
    return type(admin_class.__name__, (DraftableAdmin, admin_class), {})
