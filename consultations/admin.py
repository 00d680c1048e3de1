"""The staff inbox: consultation requests in the admin, read-only where the patient wrote them."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from procedures.admin_ui import badge

from . import export, services
from .admin_forms import ConsultationRequestAdminForm, NewStaffNoteInline, StaffNoteInline
from .admin_lists import (
    CappedCountMixin,
    NeedsAttentionFilter,
    ProcedureFilter,
    ReceivedFilter,
    also_found,
    list_description,
)
from .models import PHONE_EXTENSION, AccessLog, ConsultationRequest, StaffNote

EXPORT_CODENAME = "export_consultationrequest"
EXPORT_PERMISSION = f"consultations.{EXPORT_CODENAME}"
# The new note's box: NewStaffNoteInline is the second inline of StaffNote, so Django's prefix
# for it is "notes-2".
NEW_NOTE_TEXT = "notes-2-0-text"


STATUS_TONES = {
    ConsultationRequest.Status.NEW: "info",
    ConsultationRequest.Status.CONTACTED: "waiting",
    ConsultationRequest.Status.BOOKED: "good",
    ConsultationRequest.Status.CLOSED: "quiet",
    ConsultationRequest.Status.NOT_CANDIDATE: "quiet",
}


# The staff email's failures (stored as the exception's class only: an SMTP error can echo part
# of the message), in words for the front desk; the name stays after them for whoever runs the
# site.
NOTIFICATION_PROBLEMS = {
    "NotificationNotConfigured": "No address is set up to receive it: ask whoever runs the "
    "site to set CONSULTATION_NOTIFY_EMAILS.",
    "SendDeadlineExceeded": "The mail server did not answer in time.",
    "SMTPAuthenticationError": "The mail server refused the site's username or password.",
    "SMTPRecipientsRefused": "The mail server refused the staff address it was sent to.",
    "SMTPSenderRefused": "The mail server refused the site's sending address.",
    "SMTPServerDisconnected": "The mail server hung up.",
    "SMTPConnectError": "The mail server could not be reached.",
    "ConnectionRefusedError": "The mail server could not be reached.",
    "TimeoutError": "The mail server did not answer in time.",
    "gaierror": "The mail server's name could not be found.",
}


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(CappedCountMixin, admin.ModelAdmin):
    form = ConsultationRequestAdminForm
    inlines = [StaffNoteInline, NewStaffNoteInline]
    list_display = ["received", "full_name", "procedure_display", "status_badges"]
    # One link a row, on the name: one tab stop per request for keyboard users, and each link of
    # a filtered list costs a URL resolve (Django keeps the filters on it).
    list_display_links = ["full_name"]
    list_filter = [
        ReceivedFilter,
        NeedsAttentionFilter,
        "status",
        ProcedureFilter,
        "is_spam",
        "notification_status",
    ]
    search_fields = ["first_name", "last_name", "email", "phone", "reference"]
    search_help_text = (
        "Search by name (with or without accents), email, phone number (any format) or reference."
    )
    # No date_hierarchy: its year and month links come from a DISTINCT over every request (400 ms
    # at 100,000); the "received" filter above (today, this week, month, year) is index-backed.
    list_per_page = 50
    actions = ["mark_as_spam", "mark_as_not_spam"]
    fieldsets = [
        (
            "Request",
            {
                "fields": [
                    "reference",
                    "created_at",
                    "status",
                    "status_changed_at",
                    "is_spam",
                    "spam_reason",
                ]
            },
        ),
        (
            "Contact details",
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "email_link",
                    "phone_link",
                    "contact_method",
                    "best_time",
                ]
            },
        ),
        (
            "What they asked about",
            {"fields": ["patient", "procedure_display", "message_display", "heard_about"]},
        ),
        (
            "Consent",
            {
                "fields": ["consent_given_at", "consent_version", "consent_text"],
                "classes": ["collapse"],
            },
        ),
        (
            "Staff email",
            {
                "fields": [
                    "notification_state",
                    "notified_at",
                    "notification_attempts",
                    "notification_problem",
                ],
                "classes": ["collapse"],
            },
        ),
        ("Who opened this request", {"fields": ["access_history"], "classes": ["collapse"]}),
    ]
    # Everything shown is as the patient sent it or as the site recorded it, but for the two
    # fields staff change.
    readonly_fields = [
        name
        for _, options in fieldsets
        for name in options["fields"]
        if name not in ("status", "is_spam")
    ]

    # --- list columns ---
    @admin.display(description="Received", ordering="created_at")
    def received(self, obj):
        return date_format(timezone.localtime(obj.created_at), "DATETIME_FORMAT")

    @admin.display(description="Name", ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description="Procedure or concern", ordering="procedure_title")
    def procedure_display(self, obj):
        return obj.procedure_or_concern

    @admin.display(description="Status", ordering="status")
    def status_badges(self, obj):
        parts = [badge(obj.get_status_display(), STATUS_TONES.get(obj.status, "quiet"))]
        if obj.is_spam:
            parts.append(badge("Suspected spam", "problem"))
        elif obj.notification_failed:
            parts.append(badge("Staff email not sent", "problem"))
        return format_html_join(" ", "{}", ((part,) for part in parts))

    # --- read-only detail fields ---
    @admin.display(description="Email")
    def email_link(self, obj):
        if not obj.email:
            return "None given: reply by phone"
        return format_html('<a href="mailto:{0}">{0}</a>', obj.email)

    @admin.display(description="Phone")
    def phone_link(self, obj):
        # The stored E.164 number with the extension after a pause (a comma), which phones dial:
        # ";ext=" is a "wait" to many of them, which leaves the extension undialled.
        dialled = obj.phone.replace(PHONE_EXTENSION, ",")
        return format_html('<a href="tel:{}">{}</a>', dialled, obj.phone_shown())

    @admin.display(description="State")
    def notification_state(self, obj):
        return obj.notification_shown()  # a failed one is "not sent", as in the list

    @admin.display(description="Why it was not sent")
    def notification_problem(self, obj):
        name = obj.notification_error
        if not name:
            return "-"
        return f"{NOTIFICATION_PROBLEMS.get(name, 'The mail server did not take it.')} ({name})"

    @admin.display(description="Message")
    def message_display(self, obj):
        return format_html_join("", "<p>{}</p>", ((p,) for p in obj.message.splitlines() if p))

    @admin.display(description="Recent openings (latest first)")
    def access_history(self, obj):
        entries = obj.access_logs.order_by("-at")[:10]
        if not entries:
            return "Nobody yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} – {}</li>",
                (
                    (timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"), e.username)
                    for e in entries
                ),
            ),
        )

    # --- behaviour ---
    def has_add_permission(self, request):
        return False  # requests only come from the website

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        def finds(query, rows):
            return self.get_search_results(request, rows, query)[0].exists()

        services.delete_requests(list(queryset), finds)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return results | also_found(queryset, search_term), may_have_duplicates

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and (kept := self._keep_note_of_stale_page(request, object_id)):
            return kept
        # Django's "Change consultation request" would also head a page only to be read.
        extra_context = {"title": "Consultation request", **(extra_context or {})}
        response = super().change_view(request, object_id, form_url, extra_context)
        # Every page of the request (the admin answers GET, HEAD and POST alone): a post comes
        # back as one when something is wrong with it. A popup's save answers without it.
        original = (getattr(response, "context_data", None) or {}).get("original")
        if response.status_code == 200 and original:
            AccessLog.objects.record(request.user, AccessLog.Action.VIEWED, request=original)
        return response

    def _keep_note_of_stale_page(self, request, object_id):
        """A page opened before a colleague changed the request's status or spam flag: its own
        change of them is refused (the form says so), but a note typed on it is saved, since
        notes only ever add. Returns the redirect back to the page, or None."""
        opened = request.POST.get(ConsultationRequestAdminForm.OPENED)
        text = request.POST.get(NEW_NOTE_TEXT, "").strip()
        obj = self.get_object(request, unquote(object_id))
        if not (opened and text and obj and self.has_change_permission(request, obj)):
            return None
        form = ConsultationRequestAdminForm(instance=obj)
        if opened == form.handling(obj) or not request.user.has_perm("consultations.add_staffnote"):
            return None
        note = StaffNote(request=obj, author=request.user, text=text)
        try:
            note.full_clean()
        except ValidationError:
            return None  # the page shown again says what is wrong, with the note in its box
        note.save()
        posted = f"{request.POST.get('status')}:{int('is_spam' in request.POST)}"
        changes = form.changes_since(opened)
        if posted == opened:
            said = "Your note was saved. Meanwhile, someone else changed this request: {}."
            changes = changes[:1].lower() + changes[1:]
        else:
            said = (
                "Your note was saved, but not your change of status or spam flag: someone "
                "changed this request after you opened it. {}. Check and change it again if "
                "it is still needed."
            )
        messages.warning(request, format_html(said, changes))
        return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A page shown again after a refused post keeps what it was opened with.
        opened = request.POST.get(ConsultationRequestAdminForm.OPENED)
        context["opened_as"] = opened or obj and ConsultationRequestAdminForm.handling(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Both fields change through the services, which note who changed them and queue the
        # staff email of a request that spam filtering held back.
        new_status, new_is_spam = obj.status, obj.is_spam
        obj.status, obj.is_spam = form.initial["status"], form.initial["is_spam"]
        # No save of the whole row here: it would write back every other column as read at the
        # start of this request, such as the staff email's state, which the worker may have
        # changed since (and would then send the email again). Requests are never added here.
        services.change_status(obj, new_status, request.user)
        if new_is_spam != obj.is_spam:
            services.set_spam_flag(
                ConsultationRequest.objects.filter(pk=obj.pk), new_is_spam, request.user
            )

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            if note.pk is None:
                note.author = request.user
            note.save()
        formset.save_m2m()

    @admin.action(description="Mark as suspected spam", permissions=["change"])
    def mark_as_spam(self, request, queryset):
        count = self._set_spam_flag(request, queryset, True)
        self.message_user(request, f"{count} request(s) marked as suspected spam.")

    @admin.action(description="Mark as genuine (not spam)", permissions=["change"])
    def mark_as_not_spam(self, request, queryset):
        count = self._set_spam_flag(request, queryset, False)
        self.message_user(
            request,
            f"{count} request(s) marked as genuine; staff are emailed about any that were held "
            "back as spam.",
            messages.SUCCESS,
        )

    @transaction.atomic
    def _set_spam_flag(self, request, queryset, is_spam):
        # In the admin's history as well as in a note: the history outlives the request, which
        # purge_consultations deletes with its notes a month after it became spam.
        changed = services.set_spam_flag(queryset, is_spam, request.user)
        LogEntry.objects.log_actions(
            request.user.pk,
            ConsultationRequest.objects.filter(pk__in=changed).only("pk", "reference"),
            CHANGE,
            change_message="Marked as suspected spam." if is_spam else "Marked as genuine.",
        )
        return len(changed)

    # --- CSV export of the filtered list ---
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": "Consultation requests",  # not Django's "Select ... to change"
            **(extra_context or {}),
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
        }
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if response.status_code == 200 and changelist:
            action = AccessLog.Action.SEARCHED if changelist.query else AccessLog.Action.LISTED
            AccessLog.objects.record(
                request.user,
                action,
                count=len(changelist.result_list),
                **list_description(changelist),
            )
        return response

    def export_view(self, request):
        """The list exactly as filtered and searched on screen (all pages), as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not request.user.has_perm(EXPORT_PERMISSION):
            return self.export_refused(request)
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            # A link kept from an older list, or an address edited by hand: back to the list,
            # which says why, rather than a bare error page.
            self.message_user(
                request,
                "Nothing was exported: the filters in that link are not ones this list offers. "
                "Choose the filters again, then export.",
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                    current_app=self.admin_site.name,
                )
            )
        queryset = changelist.get_queryset(request)
        AccessLog.objects.record(
            request.user,
            AccessLog.Action.EXPORTED,
            count=queryset.count(),
            **list_description(changelist, page=False),
        )
        return export.csv_response(queryset)

    def export_refused(self, request):
        """Staff who may read requests but not export them: who can, and how to be allowed."""
        exporters = (
            get_user_model()
            .objects.with_perm(
                EXPORT_PERMISSION, backend="django.contrib.auth.backends.ModelBackend"
            )
            .filter(is_staff=True)
            .order_by("first_name", "last_name", "username")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Exporting consultation requests",
            "opts": self.opts,
            "exporters": exporters,
            "permission_name": dict(self.opts.permissions)[EXPORT_CODENAME],
        }
        return TemplateResponse(
            request,
            "admin/consultations/consultationrequest/export_refused.html",
            context,
            status=403,
        )


@admin.register(AccessLog)
class AccessLogAdmin(CappedCountMixin, admin.ModelAdmin):
    """Read-only audit trail: nobody can add, edit or delete an entry here.

    It gains a row per list view, so no date_hierarchy (a DISTINCT over every row): the "when"
    filter (today, past 7 days, this month, this year) reads the `at` index instead."""

    list_display = ["at", "username", "action", "reference", "count", "filters", "query"]
    list_filter = ["action", "at"]
    search_fields = ["username", "reference", "query"]
    list_select_related = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
