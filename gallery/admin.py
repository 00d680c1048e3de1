import contextlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.utils import timezone
from django.utils.html import format_html

from procedures.admin_ui import ApostropheSearchMixin, ChoicesFilter, action_page, badge, badges

from . import services
from .forms import (
    CheckedUploadField,
    PhotoConsentAdminForm,
    PhotoConsentFormSet,
    PhotoPairAdminForm,
)
from .models import Case, ConsentStatus, PhotoConsent, PhotoPair, Rendition


def picture_thumbnail(picture, alt, width, css_class=""):
    """A small preview of a Photo (or another app's Picture) through its rendition route (staff
    may see hidden cases' photos there)."""
    rendition = picture.thumbnail if picture else None
    if rendition is None:
        return "—"
    return format_html(
        '<img{} src="{}" alt="{}" width="{}" height="{}" loading="lazy">',
        format_html(' class="{}"', css_class) if css_class else "",
        rendition.url,
        alt,
        width,
        round(rendition.height * width / rendition.width),
    )


class UploadsCheckedFirstMixin:
    """Converts a POST's uploads before the admin's save opens its transaction.

    On SQLite that transaction holds the database's write lock from its first statement, and
    converting a few large photos or a video takes many seconds: a patient's request sent
    meanwhile would wait for the lock. The save's own validation then finds each file's result
    already worked out (CheckedUploadField.checked) and keeps the lock for the writes alone.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and request.FILES:
            self._check_uploads(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _check_uploads(self, request, object_id):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        forms_used = [self.get_form(request, obj)]
        forms_used += [formset.form for formset, _ in self.get_formsets_with_inlines(request, obj)]
        fields = {
            name: field
            for form in forms_used
            for name, field in form.base_fields.items()
            if isinstance(field, CheckedUploadField)
        }
        for key, files in request.FILES.lists():
            # "logo_upload", or an inline row's "pairs-0-before_upload": the name comes last.
            field = fields.get(key.rsplit("-", 1)[-1])
            for uploaded in files if field is not None else ():
                # A refusal is raised again by the form's validation, next to its field.
                with contextlib.suppress(forms.ValidationError):
                    field.checked(uploaded)


def _thumbnail(photo, alt, width):
    return picture_thumbnail(photo, alt, width, "gallery-admin-thumb")


class PhotoConsentInline(admin.StackedInline):
    # Stacked, not a table: every box has its own label (the table's headings are not labels
    # for screen readers), and the five fields fit a phone.
    model = PhotoConsent
    form = PhotoConsentAdminForm
    formset = PhotoConsentFormSet
    min_num = 0
    fields = [("scope", "status"), ("signed_on", "expires_on", "revoked_on"), "form_reference"]
    readonly_fields = ["status"]
    verbose_name_plural = (
        "Patient's consent to show the photos (the case appears on the website only while a "
        "website consent is in force)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a new class on every call
        formset.may_correct = request.user.is_superuser
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        # A new case, or one without any consent on record, opens with a row to fill in: the
        # consent is part of adding a case, not something to find behind "Add another".
        return 1 if obj is None or not obj.consents.exists() else 0

    @admin.display(description="Status")
    def status(self, obj):
        if not obj.pk:
            return "—"
        if obj.status == ConsentStatus.REVOKED and not obj.revoked_on:
            return "Revoked: a withdrawal recorded on another consent of this kind ends it too"
        return ConsentStatus(obj.status).label


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


class ConsentStatusFilter(ChoicesFilter):
    title = "consent status"
    parameter_name = "consent"

    def options(self):
        return {
            status: (label, lambda cases, status=status: cases.filter(consent_status=status))
            for status, label in ConsentStatus.choices
        }


class OnSiteFilter(ChoicesFilter):
    """?on_site=yes|no, and =no_consent: published but hidden for want of a consent in force
    (the staff home's count)."""

    title = "shown on the website"
    parameter_name = "on_site"

    def options(self):
        return {
            "yes": ("Shown", lambda cases: cases.filter(is_public=True)),
            "no": ("Hidden", lambda cases: cases.filter(is_public=False)),
            "no_consent": (
                "Published, hidden: no consent in force",
                lambda cases: cases.filter(is_published=True).exclude(
                    consent_status=ConsentStatus.ACTIVE
                ),
            ),
        }


CONSENT_PROBLEMS = {
    ConsentStatus.MISSING: "no website consent is on record",
    ConsentStatus.EXPIRED: "its website consent has expired",
    ConsentStatus.NOT_YET: "its website consent is dated in the future",
    ConsentStatus.REVOKED: "the patient has withdrawn their website consent",
}


def pairs_of_different_shapes(case):
    """(view, before's size, after's size) of each pair of `case` whose photos' shapes differ
    by more than a tenth (sizes as "W×H" of the largest copy kept)."""
    largest = {}
    renditions = Rendition.objects.filter(
        models.Q(photo__pair_before__case=case) | models.Q(photo__pair_after__case=case)
    ).order_by("width")
    for photo_id, width, height in renditions.values_list("photo_id", "width", "height"):
        largest[photo_id] = (width, height)
    for pair in case.pairs.all():
        if pair.before_id in largest and pair.after_id in largest:
            (bw, bh), (aw, ah) = largest[pair.before_id], largest[pair.after_id]
            ratio = (bw / bh) / (aw / ah)
            if not 1 / 1.1 <= ratio <= 1.1:
                yield pair.label, f"{bw}×{bh}", f"{aw}×{ah}"


def hidden_because(case):
    """Why a case (with its consent status and photos) is not on the website, part by part, for
    the member of staff who has to fix it: (badge, its tone, the clause that says why)."""
    consent = ConsentStatus(case.consent_status)
    reasons = [
        ("Not published", "quiet", "it is not published", not case.is_published),
        (
            f"Consent {consent.label.lower()}",
            "problem",
            CONSENT_PROBLEMS.get(consent),
            consent != ConsentStatus.ACTIVE,
        ),
        ("No photos", "waiting", "it has no photo pairs", case.first_pair is None),
    ]
    return [reason[:3] for reason in reasons if reason[3]]


@admin.register(Case)
class CaseAdmin(UploadsCheckedFirstMixin, ApostropheSearchMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "case", "procedure_list", "status"]
    list_display_links = ["thumbnail", "case"]
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
            {
                "fields": [
                    "public_label",
                    "website_status",
                    "title",
                    "description",
                    "procedures",
                    "causes",
                ]
            },
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
            .with_photos(first_only=True)
            .prefetch_related("procedures")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if getattr(request, "drafts_previewing", False):
            return
        for label, before, after in pairs_of_different_shapes(form.instance):
            messages.warning(
                request,
                f"The before and after photos of “{label}” differ in shape ({before} and "
                f"{after} pixels): the slider lays one over the other in one frame, so part of "
                "a photo is cut off there. For a fair comparison, upload both cropped alike.",
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

    @admin.display(description="Case", ordering="number")
    def case(self, obj):
        return format_html('{}<span class="list-secondary">{}</span>', obj.public_label, obj.title)

    @admin.display(description="Procedures")
    def procedure_list(self, obj):
        return ", ".join(p.title for p in obj.procedures.all()) or "—"

    @admin.display(description="On the website", ordering="is_public")
    def status(self, obj):
        """Shown, or each reason it is not, as badges."""
        if obj.is_public:
            return badge("On the website", "good")
        return badges(*((label, tone) for label, tone, _ in hidden_because(obj)))

    @admin.display(description="On the website")
    def website_status(self, obj):
        if not obj.pk:
            return "Not yet: save the case with a consent and photos first."
        if obj.is_public:
            return format_html('Shown at <a href="{0}">{0}</a>', obj.get_absolute_url())
        because = ", and ".join(clause for *_, clause in hidden_because(obj))
        return f"Hidden from visitors, because {because}." if because else "Hidden from visitors."

    def why_hidden(self, obj):
        """After "Publish", a case hidden for want of consent gets a warning that says why, not
        the green message (the drafts admin asks for it: practice_site/drafts/admin.py)."""
        status = (
            Case.objects.with_consent_status()
            .filter(pk=obj.pk)
            .values_list("consent_status", flat=True)
            .first()
        )
        if status is None or status == ConsentStatus.ACTIVE:
            return ""
        todo = (
            "It stays hidden"
            if status == ConsentStatus.REVOKED
            else "To show it, record the patient's signed website consent under “Patient's "
            "consent to show the photos”"
        )
        return f"{CONSENT_PROBLEMS[status]}. {todo}"

    @admin.action(
        description="Record consent revocation (removes the case from the site now)",
        permissions=["change"],
    )
    def revoke_consent(self, request, queryset):
        cases = list(queryset)
        if request.POST.get("confirmed") != "yes":
            template = "admin/gallery/revoke_consent.html"
            return action_page(self, request, template, "Record consent revocation", cases=cases)
        revoked = services.record_consent_revocation(cases)
        today = timezone.localdate()
        for case in cases:  # the admin log is the case's record of who did what, and when
            self.log_change(
                request,
                case,
                f"Recorded the revocation of its website consent on {today:%b %-d, %Y}.",
            )
        self.message_user(
            request,
            f"Recorded the revocation for {len(cases)} case{'s' if len(cases) != 1 else ''} "
            f"({revoked} consent record{'s' if revoked != 1 else ''} marked revoked today). "
            "They are no longer shown on the website and have been unpublished.",
            messages.SUCCESS,
        )
