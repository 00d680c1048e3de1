from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.html import format_html

from . import services
from .forms import PhotoPairAdminForm
from .models import Case, ConsentStatus, PhotoConsent, PhotoPair


def _thumbnail(photo, alt, width=96):
    """A small preview through the rendition route (staff may see hidden cases' photos there)."""
    rendition = photo.thumbnail if photo else None
    if rendition is None:
        return "—"
    height = round(rendition.height * width / rendition.width)
    return format_html(
        '<img class="gallery-admin-thumb" src="{}" alt="{}" width="{}" height="{}" loading="lazy">',
        rendition.url,
        alt,
        width,
        height,
    )


class PhotoConsentInline(admin.TabularInline):
    model = PhotoConsent
    extra = 0
    min_num = 0
    fields = ["scope", "signed_on", "expires_on", "revoked_on", "form_reference", "status"]
    readonly_fields = ["status"]
    verbose_name_plural = "photo consent (the case is shown only while a website consent is active)"

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description="Status")
    def status(self, obj):
        return ConsentStatus(obj.status).label if obj.pk else "—"


class PhotoPairInline(admin.StackedInline):
    model = PhotoPair
    form = PhotoPairAdminForm
    extra = 0
    fieldsets = [
        (None, {"fields": [("label", "order"), "previews"]}),
        ("Before", {"fields": ["before_upload", "before_alt"]}),
        ("After", {"fields": ["after_upload", "after_alt"]}),
        ("How the comparison opens", {"fields": [("compare_view", "slider_start")]}),
    ]
    readonly_fields = ["previews"]

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj and obj.pairs.exists() else 1

    @admin.display(description="Current photos")
    def previews(self, obj):
        if not obj or not obj.pk:
            return "Upload a before and an after photo below."
        return format_html(
            '<span class="gallery-admin-pair">{} {}</span>',
            _thumbnail(obj.before, obj.before_alt, 160),
            _thumbnail(obj.after, obj.after_alt, 160),
        )


class ConsentStatusFilter(admin.SimpleListFilter):
    title = "consent status"
    parameter_name = "consent"

    def lookups(self, request, model_admin):
        return ConsentStatus.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(consent_status=self.value())
        return queryset


class OnSiteFilter(admin.SimpleListFilter):
    title = "shown on the website"
    parameter_name = "on_site"

    def lookups(self, request, model_admin):
        return [("yes", "Shown"), ("no", "Hidden")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_public=self.value() == "yes")
        return queryset


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "thumbnail",
        "public_label",
        "title",
        "procedure_list",
        "consent",
        "is_published",
        "on_site",
    ]
    list_display_links = ["thumbnail", "public_label", "title"]
    list_filter = [
        ConsentStatusFilter,
        OnSiteFilter,
        "is_published",
        "procedures__group",
        "procedures",
    ]
    search_fields = ["title", "description", "=number"]
    readonly_fields = ["public_label", "website_status", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    actions = ["revoke_consent"]
    inlines = [PhotoConsentInline, PhotoPairInline]
    fieldsets = [
        (
            None,
            {"fields": ["public_label", "website_status", "title", "description", "procedures"]},
        ),
        (
            "Details shown on the page",
            {
                "fields": [
                    "age_range",
                    "sex",
                    "time_since_surgery",
                    "photos_altered",
                    "alteration_details",
                ]
            },
        ),
        ("Publishing", {"fields": ["is_published", "order", "created_at", "updated_at"]}),
    ]
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_consent_status()
            .with_is_public()
            .with_photos()
            .prefetch_related("procedures")
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "procedures":
            kwargs["queryset"] = db_field.related_model.objects.select_related("group")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    @admin.display(description="Photo")
    def thumbnail(self, obj):
        pair = obj.first_pair
        return _thumbnail(pair.after, pair.after_alt, 64) if pair else "No photos"

    @admin.display(description="Case", ordering="number")
    def public_label(self, obj):
        return obj.public_label if obj.pk else "Given a random number when saved"

    @admin.display(description="Procedures")
    def procedure_list(self, obj):
        return ", ".join(p.title for p in obj.procedures.all()) or "—"

    @admin.display(description="Consent", ordering="consent_status")
    def consent(self, obj):
        return ConsentStatus(obj.consent_status).label

    @admin.display(description="On the website", boolean=True, ordering="is_public")
    def on_site(self, obj):
        return obj.is_public

    @admin.display(description="On the website")
    def website_status(self, obj):
        if not obj.pk:
            return "Not yet: save the case with a consent and photos first."
        if obj.is_public:
            return format_html('Shown at <a href="{0}">{0}</a>', obj.get_absolute_url())
        # Why not, part by part, for the member of staff who has to fix it.
        reasons = []
        if not obj.is_published:
            reasons.append("it is not published")
        status = ConsentStatus(obj.consent_status)
        if status != ConsentStatus.ACTIVE:
            reasons.append(f"its website consent is {status.label.lower()}")
        if obj.first_pair is None:
            reasons.append("it has no photo pairs")
        because = ", and ".join(reasons)
        return f"Hidden from visitors, because {because}." if reasons else "Hidden from visitors."

    @admin.action(
        description="Record consent revocation (removes the case from the site now)",
        permissions=["change"],
    )
    def revoke_consent(self, request, queryset):
        cases = list(queryset)
        revoked = services.record_consent_revocation(cases)
        today = timezone.localdate()
        for case in cases:  # the admin log is the case's record of who did what, and when
            self.log_change(
                request, case, f"Recorded the revocation of its consent on {today:%b %-d, %Y}."
            )
        self.message_user(
            request,
            f"Recorded the revocation for {len(cases)} case{'s' if len(cases) != 1 else ''} "
            f"({revoked} consent record{'s' if revoked != 1 else ''} marked revoked today). "
            "They are no longer shown on the website and have been unpublished.",
            messages.SUCCESS,
        )
