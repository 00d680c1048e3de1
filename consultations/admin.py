"""The staff inbox: consultation requests in the admin, read-only where the patient wrote them."""

import csv
import re

import phonenumbers
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from . import services
from .models import AccessLog, ConsultationRequest, StaffNote

EXPORT_PERMISSION = "consultations.export_consultationrequest"
E164 = re.compile(r"\+[1-9]\d{1,14}")


class ConsultationRequestAdminForm(forms.ModelForm):
    """Offers only the statuses that may follow the current one."""

    class Meta:
        model = ConsultationRequest
        fields = ["status", "is_spam"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            allowed = self.instance.allowed_statuses
            self.fields["status"].choices = [
                (value, label)
                for value, label in ConsultationRequest.Status.choices
                if value in allowed
            ]
            self.fields["status"].help_text = (
                "Only the steps that can follow the current status are offered. Each change is "
                "recorded in the notes below with your name."
            )


class StaffNoteInline(admin.TabularInline):
    """Notes already written: kept as they were, with author and time."""

    model = StaffNote
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    verbose_name_plural = "Staff notes"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class NewStaffNoteInline(admin.TabularInline):
    """An empty box for a new note; the author and time are filled in on saving."""

    model = StaffNote
    extra = 1
    max_num = 1
    can_delete = False
    fields = ["text"]
    verbose_name = verbose_name_plural = "Add a note"
    formfield_overrides = {
        # A note is a line or two: what was agreed on the phone, when to call back.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class ProcedureFilter(admin.RelatedFieldListFilter):
    """Filter by procedure, with requests that named none listed as 'Not sure yet'."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "Not sure yet"


def csv_safe(value):
    """Keep a spreadsheet from running patient-supplied text as a formula (CSV injection).

    A phone number in E.164 (a plus and digits, which the form guarantees) is left as it is.
    """
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not E164.fullmatch(text):
        return "'" + text
    return text


class Echo:
    def write(self, value):
        return value


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    form = ConsultationRequestAdminForm
    inlines = [StaffNoteInline, NewStaffNoteInline]
    list_display = ["created_at", "full_name", "procedure_display", "status", "notified", "is_spam"]
    list_display_links = ["created_at", "full_name"]
    list_filter = [
        "status",
        ("procedure", ProcedureFilter),
        "created_at",
        "is_spam",
        "notification_status",
    ]
    search_fields = ["first_name", "last_name", "email", "phone", "reference"]
    search_help_text = "Search by name, email, phone number (any format) or reference."
    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False
    actions = ["mark_as_spam", "mark_as_not_spam"]
    readonly_fields = [
        "reference",
        "created_at",
        "spam_reason",
        "status_changed_at",
        "first_name",
        "last_name",
        "email_link",
        "phone_link",
        "contact_method",
        "best_time",
        "patient",
        "procedure_title",
        "message_display",
        "heard_about",
        "consent_given_at",
        "consent_version",
        "consent_text",
        "notification_status",
        "notified_at",
        "notification_attempts",
        "notification_error",
        "access_history",
    ]
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
            {"fields": ["patient", "procedure_title", "message_display", "heard_about"]},
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
                    "notification_status",
                    "notified_at",
                    "notification_attempts",
                    "notification_error",
                ],
                "classes": ["collapse"],
            },
        ),
        ("Who opened this request", {"fields": ["access_history"], "classes": ["collapse"]}),
    ]

    # --- list columns ---
    @admin.display(description="Name", ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description="Procedure or concern", ordering="procedure_title")
    def procedure_display(self, obj):
        return obj.procedure_title or "Not sure yet"

    @admin.display(description="Staff emailed", boolean=True, ordering="notification_status")
    def notified(self, obj):
        return obj.was_notified

    # --- read-only detail fields ---
    @admin.display(description="Email")
    def email_link(self, obj):
        return format_html('<a href="mailto:{0}">{0}</a>', obj.email)

    @admin.display(description="Phone")
    def phone_link(self, obj):
        try:
            shown = phonenumbers.format_number(
                phonenumbers.parse(obj.phone),
                phonenumbers.PhoneNumberFormat.INTERNATIONAL
                if not obj.phone.startswith("+1")
                else phonenumbers.PhoneNumberFormat.NATIONAL,
            )
        except phonenumbers.NumberParseException:
            shown = obj.phone
        return format_html('<a href="tel:{}">{}</a>', obj.phone, shown)

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

    def get_search_results(self, request, queryset, search_term):
        """Also find phone numbers typed the way people say them: (626) 555-0142, 626.555.0142."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            number = phonenumbers.parse(search_term, "US")
        except phonenumbers.NumberParseException:
            return results, may_have_duplicates
        if phonenumbers.is_possible_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            results = results | queryset.filter(phone=e164)
        return results, may_have_duplicates

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = response.context_data["original"]
            AccessLog.objects.create(
                request=obj,
                reference=obj.reference,
                user=request.user,
                username=request.user.get_username(),
                action=AccessLog.Action.VIEWED,
            )
        return response

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        services.change_status(obj, new_status, request.user)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            if note.pk is None:
                note.author = request.user
            note.save()
        formset.save_m2m()

    @admin.action(description="Mark as suspected spam", permissions=["change"])
    def mark_as_spam(self, request, queryset):
        count = services.set_spam_flag(queryset, True, request.user)
        self.message_user(request, f"{count} request(s) marked as suspected spam.")

    @admin.action(description="Mark as genuine (not spam)", permissions=["change"])
    def mark_as_not_spam(self, request, queryset):
        count = services.set_spam_flag(queryset, False, request.user)
        self.message_user(
            request,
            f"{count} request(s) marked as genuine; staff are emailed about any that were held "
            "back as spam.",
            messages.SUCCESS,
        )

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
            **(extra_context or {}),
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    EXPORT_COLUMNS = [
        ("Reference", "reference"),
        ("Received", "created_at"),
        ("Status", "get_status_display"),
        ("First name", "first_name"),
        ("Last name", "last_name"),
        ("Email", "email"),
        ("Phone", "phone"),
        ("Preferred contact", "get_contact_method_display"),
        ("Best time", "get_best_time_display"),
        ("Request is for", "get_patient_display"),
        ("Procedure or concern", "procedure_title"),
        ("Message", "message"),
        ("Heard about us from", "get_heard_about_display"),
        ("Suspected spam", "is_spam"),
        ("Staff email", "get_notification_status_display"),
        ("Consent version", "consent_version"),
        ("Consent given", "consent_given_at"),
    ]

    def export_view(self, request):
        """The list exactly as filtered and searched on screen, as CSV; export permission only."""
        if not (self.has_view_permission(request) and request.user.has_perm(EXPORT_PERMISSION)):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest("These list filters are not valid.")
        queryset = changelist.get_queryset(request)
        count = queryset.count()
        used = sorted(key for key in request.GET if key != "q")
        detail = f"{count} request(s); filters: {', '.join(used) or 'none'}"
        if request.GET.get("q"):
            detail += "; with a search"  # the search words themselves may be a patient's name
        AccessLog.objects.create(
            user=request.user,
            username=request.user.get_username(),
            action=AccessLog.Action.EXPORTED,
            detail=detail[:200],
        )

        def rows():
            yield [label for label, _ in self.EXPORT_COLUMNS]
            for obj in queryset.iterator(chunk_size=500):
                row = []
                for _, attribute in self.EXPORT_COLUMNS:
                    value = getattr(obj, attribute)
                    value = value() if callable(value) else value
                    if hasattr(value, "tzinfo"):
                        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
                    elif isinstance(value, bool):
                        value = "yes" if value else "no"
                    row.append(csv_safe(value))
                yield row

        writer = csv.writer(Echo())
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in rows()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="consultation-requests-{stamp}.csv"'
        )
        response["Cache-Control"] = "no-store"
        return response


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only audit trail: nobody can add, edit or delete an entry here."""

    list_display = ["at", "username", "action", "reference", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["username", "reference"]
    date_hierarchy = "at"
    list_select_related = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
