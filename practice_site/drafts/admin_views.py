"""The pages beside a draftable change form: preview, schedule, discard, history, compare.

DraftPageViews is mixed into DraftableAdmin (admin.py), which gives it `_page`, `_may_edit`,
`_url`, `_change_url` and `_changelist_url`.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import format_html

from . import preview, services
from .admin_filters import when
from .diff import compare
from .models import Version, Withdrawal
from .state import align, posted_state, state_of, without_lost_uploads


def _moment_field(label, help_text):
    """A date and time picked in the browser's own control, empty unless chosen."""
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=help_text,
    )


class ScheduleForm(forms.Form):
    go_live_at = _moment_field(
        "Publish the draft on",
        "The draft goes on the site at this time and the page is shown to visitors. "
        "Leave empty to publish it yourself.",
    )
    withdraw_at = _moment_field(
        "Take the page off the site on",
        "From this time visitors no longer see the page; nothing is deleted. "
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


MOVED_SINCE = (
    "The draft changed the {what} “{row}”, which has since moved to another page. That change "
    "is not shown here and will not be published: if it is still wanted, "
    '<a href="{url}">open the {what}</a> and make it there.'
)


CHANGED_MEANWHILE = (
    "Nothing was done: someone changed the draft or its schedule after you opened that page. "
    "Here it is as it is now."
)


def seen(obj, draft):
    """A token of what a schedule, discard or restore page shows: the draft and the schedule."""
    withdrawal = Withdrawal.objects.of(obj).first() if obj is not None else None
    shown = (
        draft and (draft.pk, draft.updated_at.isoformat(), str(draft.publish_at)),
        withdrawal and str(withdrawal.withdraw_at),
    )
    return salted_hmac("drafts.seen", repr(shown)).hexdigest()


def changed_meanwhile(request, obj, draft):
    """The page again, as it is now, when it was opened before the draft or schedule changed
    (a colleague saved, scheduled or discarded meanwhile); None when it is as it was shown."""
    opened = request.POST.get("seen")
    if not opened or opened == seen(obj, draft):
        return None
    messages.error(request, CHANGED_MEANWHILE)
    return HttpResponseRedirect(request.get_full_path())


class DraftPageViews:
    """The extra admin views of a draftable page (URLs in DraftableAdmin.get_urls)."""

    def _draft_state(self, request, obj, draft):
        """The draft on the page as stored now, telling the editor of any change it has lost."""
        moved = []
        data = services.draft_state(self, request, obj, draft, moved)
        for row in moved:
            opts = row._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(row.pk)])
            messages.warning(
                request, format_html(MOVED_SINCE, what=opts.verbose_name, row=str(row), url=url)
            )
        return data

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
            data = self._draft_state(request, obj, draft)
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
        if request.method == "POST" and (refused := changed_meanwhile(request, obj, draft)):
            return refused
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
            "seen": request.POST.get("seen") or seen(obj, draft),
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
        if request.method == "POST" and (refused := changed_meanwhile(request, obj, draft)):
            return refused
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
            "seen": seen(obj, draft),
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
            if refused := changed_meanwhile(request, obj, draft):
                return refused
            data, left_out = self._restorable(request, obj, version)
            stored = state_of(self, request, obj)
            scheduled = draft.publish_at if draft is not None else None
            with transaction.atomic():
                draft = services.save_draft(
                    self.model, obj, draft, data, request.user, str(obj), stored
                )
                if scheduled:
                    # The time was set for the changes this replaces, not for an old version.
                    services.set_schedule(self.model, None, draft, request.user)
            cancelled = (
                f" Its go-live time ({when(scheduled)}) was for the replaced changes and is "
                "cancelled."
                if scheduled
                else ""
            )
            lost = (
                f" Left out, as deleted since (a version keeps no photos): {', '.join(left_out)}."
                if left_out
                else ""
            )
            messages.success(
                request,
                f"The version published on {when(version.published_at)} is now the draft of "
                f"“{obj}”.{cancelled}{lost} Nothing on the site has changed: check it, then "
                "press “Publish”.",
            )
            return HttpResponseRedirect(self._change_url(obj))
        can_restore = self.has_change_permission(request, obj)
        return self._compare_page(
            request,
            obj,
            draft,
            old=version.data,
            new=state_of(self, request, obj),
            title=f"The version of {when(version.published_at)} and the page now",
            crumb="Compare",
            old_label=f"Version of {when(version.published_at)}",
            new_label="On the site now",
            can_restore=can_restore,
            left_out=self._restorable(request, obj, version)[1] if can_restore else [],
            version=version,
        )

    def _restorable(self, request, obj, version):
        """The version's state as a draft of the page now, and the rows it cannot bring back."""
        data = align(self, request, obj, version.data, self.draftable.live_inlines)
        return without_lost_uploads(self, request, obj, data)

    def changes_view(self, request, object_id=None):
        obj, draft = self._page(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if draft is None:
            messages.info(request, "There are no unpublished changes.")
            return HttpResponseRedirect(self._change_url(obj))
        return self._compare_page(
            request,
            obj,
            draft,
            old=state_of(self, request, obj),
            new=self._draft_state(request, obj, draft),
            title="Unpublished changes",
            crumb="Unpublished changes",
            old_label="On the site now",
            new_label=f"Draft of {when(draft.updated_at)}",
            can_restore=False,
        )

    def _compare_page(self, request, obj, draft, *, old, new, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "subtitle": str(obj),
            "object": obj,
            "draft": draft,
            "seen": seen(obj, draft),
            "comparison": compare(self, request, obj, old, new),
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                args=[quote(obj.pk)],
            ),
            "change_url": self._change_url(obj),
            "when": when,
            **context,
        }
        return TemplateResponse(request, "admin/drafts/compare.html", context)
