"""Admin for procedure pages, conditions and questions: the part of the site staff edit most.

Procedures, conditions and questions also get drafts, previews, scheduling and their published
versions from practice_site/drafts/ (added by the admin site; nothing here imports it). The list
actions record what they change in the admin log, the history every page shows.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count
from django.forms import CheckboxSelectMultiple, Textarea
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .admin_ui import (
    ApostropheSearchMixin,
    MarkdownAdminMixin,
    NamedRowEditsMixin,
    action_page,
    badge,
)
from .models import FAQ, Condition, Procedure, ProcedureGroup, ProcedureQuerySet, Section

MARKDOWN_WIDGET = {models.TextField: {"widget": Textarea(attrs={"rows": 10, "cols": 90})}}


class PublicPageAdmin(
    ApostropheSearchMixin, MarkdownAdminMixin, NamedRowEditsMixin, admin.ModelAdmin
):
    """Shared behavior: "View on site" goes straight to the page (drafts open as a preview), and
    Markdown texts get the editor (toolbar, link chooser, preview)."""

    formfield_overrides = MARKDOWN_WIDGET
    save_on_top = True

    def view_on_site(self, obj):
        # A relative link, so it works whatever the Sites framework's domain says.
        return obj.get_absolute_url()


class SectionInline(MarkdownAdminMixin, admin.StackedInline):
    model = Section
    extra = 0
    fields = ["heading", "body", "order"]
    formfield_overrides = MARKDOWN_WIDGET
    verbose_name_plural = "sections (each heading is listed in the page's table of contents)"


class ProcedureFAQInline(MarkdownAdminMixin, admin.StackedInline):
    model = FAQ
    extra = 0
    fields = ["question", "answer", "order", "is_published"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 5, "cols": 90})}}
    verbose_name = "question about this procedure"
    verbose_name_plural = "questions about this procedure"


@admin.register(ProcedureGroup)
class ProcedureGroupAdmin(PublicPageAdmin):
    refuse_stale_saves = True  # two people saving one record (practice_site/drafts/guard.py)
    list_display = ["title", "order", "published_count", "updated_at"]
    list_editable = ["order"]
    search_fields = ["title", "summary", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "intro", "order", "meta_description"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                published=Count("procedures", filter=ProcedureQuerySet.public_q("procedures__"))
            )
        )

    @admin.display(description="published procedures", ordering="published")
    def published_count(self, obj):
        return obj.published


NO_REVIEWER = (
    "Choose the doctor who reviewed the page. A review date is shown on the page with the "
    "reviewer's name, so it needs the person who did the review."
)
SAMPLE_NEEDS_DATE = (
    "This page's review is the demo's sample, dated the day the demo was loaded: give the date "
    "of the review this doctor made, or leave the reviewer as it was."
)
NO_REVIEW_DATE = (
    "Give the date of the review: the page says “Medically reviewed by” the doctor “on” it. "
    "If nobody has reviewed the page yet, leave both empty."
)


class ReviewedPageForm(forms.ModelForm):
    """The change form of a medical page: a new review date on a stored page needs its reviewer.

    The page reads "Medically reviewed by <reviewer> on <date>": a date moved on without
    choosing who reviewed would credit the previous reviewer with a review they never made.
    A new page has no earlier reviewer to credit, so its date may stand alone ("Last reviewed").
    """

    def clean(self):
        cleaned = super().clean()
        stored = self.instance.pk is not None and not self.instance._state.adding
        # Against the stored value, not changed_data, as previews and drafts post the form.
        moved = cleaned.get("last_reviewed") != self.instance.last_reviewed
        reviewer = cleaned.get("reviewed_by")
        if reviewer and not cleaned.get("last_reviewed") and "last_reviewed" not in self.errors:
            self.add_error("last_reviewed", NO_REVIEW_DATE)
        elif stored and moved and cleaned.get("last_reviewed") and not reviewer:
            self.add_error("reviewed_by", NO_REVIEWER)
        elif (
            reviewer
            and not moved
            and self.instance.sample_review
            and reviewer.pk != self.instance.reviewed_by_id
        ):
            # Another name on the sample's date would credit them with a review on the day
            # the demo was loaded.
            self.add_error("last_reviewed", SAMPLE_NEEDS_DATE)
        return cleaned


class ReviewerForm(forms.Form):
    """The question the "reviewed today" action asks: who reviewed the selected pages."""

    def __init__(self, model, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The provider model by the page's foreign key: procedures imports nothing of ours.
        self.fields["reviewed_by"] = model._meta.get_field("reviewed_by").formfield(
            required=True,
            empty_label=None,
            widget=forms.RadioSelect,
            label="Who reviewed the pages?",
            help_text="The page will read “Medically reviewed by” this person, with today’s date.",
            error_messages={
                "required": "Nothing was changed: choose the doctor who reviewed the pages.",
                "invalid_choice": "Nothing was changed: that reviewer is no longer on the list. "
                "Choose one of the doctors below.",
            },
        )


class MedicalReviewActionMixin:
    """The list action "Record a medical review today…": asks who reviewed, then sets that
    reviewer and today's date on every selected page, logs each page and, by saving each one,
    renews the page cache (practice_site/cache.py listens to saves)."""

    @admin.action(description="Record a medical review today…", permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        opts = self.model._meta
        pages = list(queryset.order_by("title"))
        if "apply" not in request.POST:
            form = ReviewerForm(self.model)
        else:
            form = ReviewerForm(self.model, request.POST)
            if form.is_valid():
                reviewer, today = form.cleaned_data["reviewed_by"], timezone.localdate()
                with transaction.atomic():
                    for page in pages:
                        page.last_reviewed, page.reviewed_by = today, reviewer
                        fields = ["last_reviewed", "reviewed_by", "updated_at"]
                        if page.sample_review:  # the demo's doctor on the demo's own day
                            page.sample_reviewed_on = None
                            fields.append("sample_reviewed_on")
                        page.save(update_fields=fields)
                        self.log_change(
                            request,
                            page,
                            f"Medically reviewed by {reviewer.display_name} on "
                            f"{today:%b %-d, %Y} (recorded from the list).",
                        )
                what = opts.verbose_name if len(pages) == 1 else opts.verbose_name_plural
                self.message_user(
                    request,
                    f"{len(pages)} {what} marked as medically reviewed by "
                    f"{reviewer.display_name} today.",
                    messages.SUCCESS,
                )
                return None
        return action_page(
            self,
            request,
            "admin/procedures/mark_reviewed.html",
            "Record a medical review",
            pages=pages,
            form=form,
            has_reviewers=form.fields["reviewed_by"].queryset.exists(),
            select_across=request.POST.get("select_across", "0"),
        )


def _reviewed_column(obj):
    date = obj.last_reviewed
    by = f" by {obj.reviewed_by.short_name}" if obj.reviewed_by_id else ""
    if date and obj.sample_review:
        return f"{date:%b %-d, %Y}{by} (a sample, not a review)"
    if date and (timezone.localdate() - date).days > 365:
        return f"{date:%b %-d, %Y}{by} (over a year ago)"
    return f"{date:%b %-d, %Y}{by}" if date else "—"


@admin.register(Procedure)
class ProcedureAdmin(MedicalReviewActionMixin, PublicPageAdmin):
    form = ReviewedPageForm
    list_display = ["title", "group", "status_badge", "order", "reviewed"]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = ["status", "group", "kind", "last_reviewed"]
    list_select_related = ["group", "reviewed_by"]
    search_fields = ["title", "summary", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline, ProcedureFAQInline]
    actions = ["publish", "unpublish", "mark_reviewed_today"]
    fieldsets = [
        (None, {"fields": ["group", "title", "slug", "summary"]}),
        (
            "Publishing",
            {
                "fields": ["status", "last_reviewed", "reviewed_by", "order"],
                "description": "“Draft” hides the page from visitors and “Published” shows it, "
                "once you press “Publish”. To try changes without touching the site, use "
                "“Save draft” and “Preview”.",
            },
        ),
        ("At a glance", {"fields": ["kind", "anesthesia", "hospital_stay", "recovery"]}),
        ("Search engines", {"fields": ["meta_description"]}),
    ]

    @admin.display(description="last reviewed", ordering="last_reviewed")
    def reviewed(self, obj):
        return _reviewed_column(obj)

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        published = obj.status == Procedure.Status.PUBLISHED
        return badge(obj.get_status_display(), "good" if published else "quiet")

    def _set_status(self, request, queryset, status, verb):
        count = 0
        for procedure in queryset.exclude(status=status):
            procedure.status = status
            procedure.save(update_fields=["status", "updated_at"])
            self.log_change(request, procedure, f"{verb} from the list.")
            count += 1
        self.message_user(request, f"{count} procedure(s) {verb.lower()}.", messages.SUCCESS)

    @admin.action(description="Publish selected procedures", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Procedure.Status.PUBLISHED, "Published")

    @admin.action(description="Return selected procedures to draft", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Procedure.Status.DRAFT, "Unpublished")


@admin.register(Condition)
class ConditionAdmin(MedicalReviewActionMixin, PublicPageAdmin):
    form = ReviewedPageForm
    actions = ["mark_reviewed_today"]
    list_display = ["title", "is_published", "order", "reviewed", "updated_at"]
    list_editable = ["order"]
    list_filter = ["is_published", "last_reviewed"]
    list_select_related = ["reviewed_by"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    # A plain list of tick boxes: Django's two-box selector fails axe-core (ARIA on its icons).
    formfield_overrides = {
        **MARKDOWN_WIDGET,
        models.ManyToManyField: {"widget": CheckboxSelectMultiple},
    }
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Treatments", {"fields": ["procedures"]}),
        ("Publishing", {"fields": ["is_published", "last_reviewed", "reviewed_by", "order"]}),
        ("Search engines", {"fields": ["meta_description"]}),
    ]

    @admin.display(description="last reviewed", ordering="last_reviewed")
    def reviewed(self, obj):
        return _reviewed_column(obj)


class HasProcedureFilter(admin.SimpleListFilter):
    title = "kind of question"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("general", "General"), ("procedure", "About a procedure")]

    def queryset(self, request, queryset):
        if self.value() == "general":
            return queryset.filter(procedure__isnull=True)
        if self.value() == "procedure":
            return queryset.filter(procedure__isnull=False)
        return queryset


class FAQForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # The same question twice in one place (the general list, or one procedure's page).
        question = " ".join((cleaned.get("question") or "").split())
        asked = (
            FAQ.objects.filter(question__iexact=question, procedure=cleaned.get("procedure"))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if question and asked and "procedure" not in self.errors:
            url = reverse("admin:procedures_faq_change", args=[asked.pk])
            message = 'This question is already in the list: <a href="{}">{}</a>. Change that '
            message += "one, or word this one differently."
            self.add_error("question", format_html(message, url, asked.question))
        return cleaned


@admin.register(FAQ)
class FAQAdmin(PublicPageAdmin):
    form = FAQForm
    list_display = ["question", "procedure", "is_published", "order", "updated_at"]
    list_editable = ["order"]
    list_filter = ["is_published", HasProcedureFilter, "procedure__group"]
    list_select_related = ["procedure__group"]
    search_fields = ["question", "answer"]
    # A plain list of the practice's procedures (a few dozen at most): Django's autocomplete box
    # has no accessible name for screen readers (axe: aria-input-field-name).
    fields = ["question", "answer", "procedure", "order", "is_published"]
