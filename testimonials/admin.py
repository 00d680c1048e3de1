from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from procedures.admin_ui import ApostropheSearchMixin, OptionalFieldsMixin, WholeTextarea, badges

from . import services
from .models import MAX_RATING, Testimonial, initials


class TestimonialAdminForm(OptionalFieldsMixin, forms.ModelForm):
    patient_name = forms.CharField(
        label="Patient's name (not saved)",
        required=False,
        max_length=120,
        help_text="Only used to make the initials when “display name” is left empty. "
        "The name itself is never stored.",
    )
    optional_fields = ("display_name",)  # made from the patient's name in clean()

    class Meta:
        model = Testimonial
        fields = [
            "quote",
            "rating",
            "procedure",
            "cause",
            "display_name",
            "source",
            "received_on",
            "consent_date",
            "is_published",
            "is_featured",
        ]
        widgets = {"quote": WholeTextarea(attrs={"class": "vLargeTextField"})}

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("display_name") or "").strip()
        if not name:
            name = initials(cleaned.get("patient_name") or "")
            if not name:
                self.add_error(
                    "display_name",
                    "Enter the initials to show (such as “S.H.”), "
                    "or the patient's name to make them from.",
                )
        cleaned["display_name"] = name
        # The instance is validated after this method; give it the name now.
        self.instance.display_name = name
        return cleaned


@admin.register(Testimonial)
class TestimonialAdmin(ApostropheSearchMixin, admin.ModelAdmin):
    form = TestimonialAdminForm
    list_display = ["short_quote", "stars", "procedure", "received_on", "status"]
    list_display_links = ["short_quote"]
    list_filter = [
        "is_published",
        "is_featured",
        ("consent_date", admin.EmptyFieldListFilter),
        "source",
        "rating",
        ("procedure", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["quote", "display_name", "procedure__title"]
    date_hierarchy = "received_on"
    list_select_related = ["procedure"]
    list_per_page = 50
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["quote", "rating", "procedure", "cause"]}),
        (
            "Who wrote it",
            {
                "fields": ["display_name", "patient_name"],
                "description": "Patients are named by their initials unless they asked otherwise "
                "in writing.",
            },
        ),
        ("Where it came from", {"fields": ["source", "received_on"]}),
        (
            "Publication",
            {
                "fields": ["consent_date", "is_published", "is_featured"],
                "description": "A testimonial appears on the site only once the patient's written "
                "consent is recorded and “published” is ticked. If it is about a "
                "treatment, that treatment's page must be published too.",
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # Marks each row `is_public` by the same rule the site uses to show it.
        return super().get_queryset(request).with_is_public()

    @admin.display(description="Testimonial", ordering="quote")
    def short_quote(self, obj):
        quote = " ".join(obj.quote.split())
        quote = quote if len(quote) <= 70 else quote[:67].rstrip() + "…"
        return f"“{quote}” ({obj.display_name})"

    @admin.display(description="Rating", ordering="rating")
    def stars(self, obj):
        return format_html(
            '<span aria-hidden="true">{}</span><span class="visually-hidden">{} out of {}</span>',
            "★" * obj.rating + "☆" * (MAX_RATING - obj.rating),
            obj.rating,
            MAX_RATING,
        )

    @admin.display(description="On the site", ordering="is_public")
    def status(self, obj):
        """Shown or not, and why not, as badges; sample texts are marked."""
        if obj.is_public:
            state = [("On the site", "good"), ("Featured", "info") if obj.is_featured else ("", "")]
        elif not obj.has_consent:
            state = [("Needs consent", "problem")]
        elif not obj.is_published:
            state = [("Not published", "quiet")]
        else:
            state = [("Hidden: its procedure is a draft", "waiting")]
        sample = ("Sample text", "quiet") if obj.is_sample else ("", "")
        return badges(*state, sample)

    @admin.action(description="Publish the selected testimonials", permissions=["change"])
    def publish_selected(self, request, queryset):
        published, refused = services.publish(queryset)
        for testimonial in published:
            self.log_change(request, testimonial, "Published from the list.")
        if published:
            self._report_published(request, published)
        if refused:
            # One line, links separated by semicolons: admin styles a nested list as a message.
            links = format_html_join(
                "; ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:testimonials_testimonial_change", args=[t.pk]), t)
                    for t in refused
                ),
            )
            self.message_user(
                request,
                format_html(
                    "Not published: no publication consent is recorded for {}: {}. Enter the date "
                    "each patient agreed to publication, then publish again.",
                    self._count(refused),
                    links,
                ),
                messages.ERROR,
            )
        if not published and not refused:
            self.message_user(
                request, "The selected testimonials were already published.", messages.INFO
            )

    def _report_published(self, request, published):
        # A testimonial about a treatment shows only while that treatment's page is published:
        # "Published" alone would have staff believe visitors see it.
        rows = Testimonial.objects.filter(pk__in=[t.pk for t in published]).with_is_public()
        hidden = [t for t in rows.select_related("procedure") if not t.is_public]
        if not hidden:
            self.message_user(request, f"Published {self._count(published)}.", messages.SUCCESS)
            return
        drafts = {t.procedure_id: t.procedure for t in hidden}
        links = format_html_join(
            "; ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:procedures_procedure_change", args=[pk]), procedure)
                for pk, procedure in drafts.items()
            ),
        )
        self.message_user(
            request,
            format_html(
                "Published {}, but visitors do not see {} of them yet: the treatment's page is a "
                "draft ({}). They appear once it is published.",
                self._count(published),
                len(hidden),
                links,
            ),
            messages.WARNING,
        )

    @admin.action(description="Unpublish the selected testimonials", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        unpublished = services.unpublish(queryset)
        for testimonial in unpublished:
            self.log_change(request, testimonial, "Unpublished from the list.")
        if unpublished:
            self.message_user(
                request,
                f"Unpublished {self._count(unpublished)}; they are no longer shown on the site.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "None of the selected testimonials was published.", messages.INFO
            )

    @staticmethod
    def _count(items):
        return f"{len(items)} testimonial" + ("" if len(items) == 1 else "s")
