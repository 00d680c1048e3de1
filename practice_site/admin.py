from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from gallery.admin import UploadsCheckedFirstMixin, picture_thumbnail
from procedures.admin_ui import MarkdownAdminMixin, NamedRowEditsMixin
from procedures.models import Condition, Procedure

from . import (
    redirects_admin,  # noqa: F401 (the old addresses' admin)
    services,
)
from .forms import (
    LocationAdminForm,
    OpeningHoursForm,
    OpeningHoursFormSet,
    PracticeProfileAdminForm,
    ProviderAdminForm,
    ProviderVideoForm,
    credential_form,
    main_location_refusal,
)
from .models import (
    CREDENTIAL_HEADINGS,
    Credential,
    Location,
    OpeningHours,
    Page,
    PracticeProfile,
    ProfileLink,
    Provider,
    ProviderVideo,
)
from .twofactor import admin as twofactor_admin  # noqa: F401 (the user admin with resets)


class ProfileLinkInline(admin.TabularInline):
    model = ProfileLink
    extra = 0
    fields = ["kind", "url", "label", "order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    verbose_name = "profile on another site"
    verbose_name_plural = (
        "Profiles on other sites (Google Business Profile, Healthgrades, YouTube…): search "
        "engines learn that they belong to this practice, and the contact page links to them"
    )


class PictureAdminMixin:
    """For a form with PictureFormMixin: the picture is stored once the record has its key."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        form.save_picture(obj)
        if form.kept_old_description():  # a sample map's streets, "not a picture of the doctor"
            name, label = form.picture_field, form.fields[form.picture_alt_field].label
            messages.warning(
                request,
                f"The new {name} kept the description of the old one: check that “{label}” "
                f"describes the new {name}.",
            )


@admin.register(PracticeProfile)
class PracticeProfileAdmin(UploadsCheckedFirstMixin, PictureAdminMixin, admin.ModelAdmin):
    """The single practice profile: staff can edit it, never add a second one or delete it."""

    refuse_stale_saves = True  # two people saving one record (practice_site/drafts/guard.py)

    form = PracticeProfileAdminForm
    # A link typed without a scheme ("youtube.com/...") is read as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ProfileLinkInline]
    readonly_fields = ["logo_preview"]
    fieldsets = [
        ("Practice", {"fields": ["practice_name", "short_name", "tagline", "phone", "email"]}),
        ("Logo", {"fields": ["logo_preview", "logo_upload", "remove_logo"]}),
        ("Where", {"fields": ["main_location", "areas_served"]}),
        ("Demonstration", {"fields": ["is_demo"]}),
    ]

    @admin.display(description="Current logo")
    def logo_preview(self, obj):
        if not obj.logo_id:
            return "No logo yet: the practice's initials are shown."
        return picture_thumbnail(obj.logo, "Current logo", 160)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PracticeProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # There is only ever one profile: go straight to it (or to "add" on a new site).
        profile = PracticeProfile.objects.first()
        if profile:
            return redirect(
                reverse("admin:practice_site_practiceprofile_change", args=[profile.pk])
            )
        return redirect(reverse("admin:practice_site_practiceprofile_add"))


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    form = OpeningHoursForm
    formset = OpeningHoursFormSet
    fields = ["day", "opens", "closes", "closed"]
    max_num = 7
    verbose_name_plural = "Opening hours (a day left out shows as closed)"

    def get_extra(self, request, obj=None, **kwargs):
        return 7 - (obj.hours.count() if obj else 0)


@admin.register(Location)
class LocationAdmin(UploadsCheckedFirstMixin, PictureAdminMixin, admin.ModelAdmin):
    refuse_stale_saves = True  # two people saving one record (practice_site/drafts/guard.py)
    form = LocationAdminForm
    readonly_fields = ["map_preview"]
    list_display = ["name", "one_line_address", "is_main", "is_published", "is_demo"]
    list_filter = ["is_published"]
    search_fields = ["name", "street_address", "locality", "postal_code"]
    inlines = [OpeningHoursInline]
    fieldsets = [
        (None, {"fields": ["name"]}),
        (
            "Address",
            {
                "fields": [
                    "street_address",
                    "suite",
                    ("locality", "region", "postal_code"),
                    "country",
                    ("latitude", "longitude"),
                ]
            },
        ),
        ("Telephone", {"fields": ["phone", "fax"]}),
        ("Map", {"fields": ["map_preview", "map_upload", "remove_map", "map_alt"]}),
        ("Getting here", {"fields": ["parking", "transit"]}),
        ("Hours", {"fields": ["hours_note"]}),
        ("Publishing", {"fields": ["is_published", "order", "is_demo"]}),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, OpeningHoursInline):
            # New rows come filled in with the days not entered yet, Monday first. The same on
            # a POST: a row left as it was filled in is then unchanged, and ignored.
            taken = set(obj.hours.values_list("day", flat=True)) if obj and obj.pk else set()
            kwargs["initial"] = [
                {"day": day} for day in OpeningHours.Day.values if day not in taken
            ]
        return kwargs

    def get_queryset(self, request):
        main = PracticeProfile.objects.filter(main_location=OuterRef("pk"))
        return super().get_queryset(request).annotate(main=Exists(main))

    @admin.display(boolean=True, description="main location", ordering="-main")
    def is_main(self, obj):
        return obj.main

    @admin.display(description="Current map")
    def map_preview(self, obj):
        if not obj.map_id:
            return "No map yet."
        return picture_thumbnail(obj.map, obj.map_alt, 240)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.adopt_first_location(form.instance)

    def delete_view(self, request, object_id, extra_context=None):
        # Django would answer that the account may not delete the practice profile, which is
        # true of everyone and says nothing of what to do.
        if refusal := main_location_refusal(object_id, "delete it"):
            messages.error(request, refusal)
            return redirect(reverse("admin:practice_site_location_change", args=[object_id]))
        return super().delete_view(request, object_id, extra_context)


class CredentialInline(admin.StackedInline):
    """One list of a provider's record. ProviderAdmin shows one inline per kind, each with its
    own labels; the admin gives each formset its own prefix. Stacked, not a table: a table's
    column headings are no labels for a screen reader (axe: label)."""

    model = Credential
    kind = None
    extra = 0
    fields = [("title", "detail"), ("year", "url", "order")]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=self.kind)

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj and any(c.kind == self.kind for c in obj.credentials.all()) else 1


def credential_inline(kind, help_text):
    return type(
        f"{kind.capitalize()}Inline",
        (CredentialInline,),
        {
            "kind": kind,
            "form": credential_form(kind),
            "verbose_name": kind.label.lower(),
            "verbose_name_plural": f"{CREDENTIAL_HEADINGS[kind]}: {help_text}",
        },
    )


CREDENTIAL_INLINES = [
    credential_inline(Credential.Kind.BOARD, "each board certification, with the board's name"),
    credential_inline(Credential.Kind.EDUCATION, "degrees, with the school"),
    credential_inline(Credential.Kind.RESIDENCY, "residency training, with the hospital"),
    credential_inline(Credential.Kind.FELLOWSHIP, "fellowship training, with the hospital"),
    credential_inline(Credential.Kind.HOSPITAL, "hospitals where the provider operates"),
    credential_inline(Credential.Kind.UNIVERSITY, "teaching or research appointments"),
    credential_inline(Credential.Kind.MEMBERSHIP, "societies and associations"),
    credential_inline(
        Credential.Kind.PUBLICATION, "a few papers, chapters or talks, each with a link"
    ),
]


class ProviderVideoInline(admin.StackedInline):
    model = ProviderVideo
    form = ProviderVideoForm
    extra = 0
    max_num = 1
    verbose_name = "video"
    verbose_name_plural = "Video (optional): a short film the site plays itself"
    readonly_fields = ["current"]
    fields = ["current", *ProviderVideoForm.Meta.fields]

    @admin.display(description="Current video")
    def current(self, obj):
        if not obj or not obj.pk:
            return "Upload an MP4 file and a poster picture below."
        captions = "with captions" if obj.captions else "no captions"
        sound = "with sound" if obj.has_sound else "silent"
        return format_html(
            '{} <a href="{}">{}×{}, {}, {:.1f} MB, {}, {}</a>',
            picture_thumbnail(obj.poster, "Poster", 160),
            obj.url,
            obj.width,
            obj.height,
            obj.length_label,
            obj.size / 1_048_576,
            sound,
            captions,
        )


@admin.register(Provider)
class ProviderAdmin(
    UploadsCheckedFirstMixin,
    PictureAdminMixin,
    MarkdownAdminMixin,
    NamedRowEditsMixin,
    admin.ModelAdmin,
):
    form = ProviderAdminForm
    list_display = ["thumbnail", "display_name", "specialty", "is_published", "order"]
    list_display_links = ["thumbnail", "display_name"]
    list_editable = ["order"]
    list_filter = ["is_published"]
    list_select_related = ["portrait"]
    search_fields = ["given_name", "family_name", "specialty"]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    readonly_fields = ["name_preview", "portrait_preview"]
    inlines = [*CREDENTIAL_INLINES, ProviderVideoInline]
    fieldsets = [
        (
            "Name and title",
            {
                "fields": [
                    ("given_name", "family_name"),
                    "post_nominals",
                    "name_preview",
                    "slug",
                    "specialty",
                    "medical_specialty",
                ],
            },
        ),
        (
            "Portrait",
            {"fields": ["portrait_preview", "portrait_upload", "remove_portrait", "portrait_alt"]},
        ),
        ("Biography", {"fields": ["short_bio", "long_bio", "languages"]}),
        ("On the site", {"fields": ["is_published", "order", "is_demo"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("portrait__renditions", "credentials")

    # Django's delete pages list what a delete takes with it, not the pages that lose their
    # "Medically reviewed by" name: both pages list those too.
    actions = ["delete_selected"]

    def delete_view(self, request, object_id, extra_context=None):
        provider = self.get_object(request, unquote(object_id))  # None for a malformed id
        pages = pages_reviewed_by([provider] if provider else [])
        return super().delete_view(request, object_id, {**(extra_context or {}), **pages})

    @admin.action(permissions=["delete"], description=delete_selected.short_description)
    def delete_selected(self, request, queryset):
        response = delete_selected(self, request, queryset)
        if isinstance(response, TemplateResponse):  # the confirmation, not the deletion
            response.context_data.update(pages_reviewed_by(queryset))
        return response

    @admin.display(description="Portrait")
    def thumbnail(self, obj):
        return picture_thumbnail(obj.portrait, obj.portrait_alt, 48)

    @admin.display(description="Current portrait")
    def portrait_preview(self, obj):
        if not obj.portrait_id:
            return "No portrait yet."
        return picture_thumbnail(obj.portrait, obj.portrait_alt, 160)

    @admin.display(description="How the name appears")
    def name_preview(self, obj):
        if not obj.pk:
            return "Shown here once saved: the full form and the form used in sentences."
        return format_html("{} — in sentences: {}", obj.display_name, obj.short_name)


def pages_reviewed_by(providers):
    """The context of a delete page: the pages that name one of `providers` as their reviewer,
    each with its change page."""
    pages = []
    for model in (Procedure, Condition):
        opts = model._meta
        for page in model.objects.filter(reviewed_by__in=providers).order_by("title"):
            url = reverse(f"admin:procedures_{opts.model_name}_change", args=[page.pk])
            pages.append((page, opts.verbose_name, url))
    return {"losing_reviewer": pages}


@admin.register(Page)
class PageAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "title", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at"]
    fields = ["key", "title", "search_title", "meta_description", "body", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The key ties a text to its page; changing it would orphan the page.
        return [*self.readonly_fields, "key"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Each text is its page's only content: deleting the privacy notice would leave the
        # consent on the consultation form linking to an empty page. Edit the text instead.
        return False
