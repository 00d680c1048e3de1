"""Before-and-after cases, the patient's photo consent, and photos stored only as renditions.

Visibility lives in `Case.objects.public()`: a case is shown only while it is published, has at
least one photo pair and has an active website consent. Every image URL re-checks the same rule.
"""

import operator
import secrets
from functools import reduce

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from procedures.model_fields import order_field, published_field
from procedures.models import Condition, Procedure

# gallery's migrations name the key generator by this module.
from .stored_images import StoredImage, StoredRendition, new_photo_key  # noqa: F401

ALT_HELP = (
    "Describe what this photo shows for someone who cannot see it, in one or two plain "
    "sentences: the view and what to notice, e.g. 'Before surgery, at rest: the left corner of "
    "the mouth sits lower and the left cheek looks flat.' Never include a name or anything else "
    "that could identify the patient. No need to begin with 'Photo of'."
)


def new_case_number():
    """A random public number with no link to any medical record: four digits while they last."""
    for digits in (4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6):
        low = 10 ** (digits - 1)
        number = low + secrets.randbelow(9 * low)
        if not Case.objects.filter(number=number).exists():
            return number
    raise RuntimeError("Could not find a free case number.")


class ConsentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
    NOT_YET = "not_yet", "Signed date in the future"
    MISSING = "missing", "Missing"


def _not_in_force(on):
    """What keeps a consent from covering day `on`, in the order the admin reports it."""
    # A patient's withdrawal ends every consent of that kind they had signed by then, whichever
    # of the case's consents staff record it on; only a consent signed later counts again.
    withdrawn = PhotoConsent.objects.filter(
        case=models.OuterRef("case"),
        scope=models.OuterRef("scope"),
        revoked_on__gte=models.OuterRef("signed_on"),
    )
    return [
        (ConsentStatus.REVOKED, models.Q(revoked_on__isnull=False) | models.Exists(withdrawn)),
        (ConsentStatus.EXPIRED, models.Q(expires_on__lt=on)),
        (ConsentStatus.NOT_YET, models.Q(signed_on__gt=on)),
    ]


class PhotoConsentQuerySet(models.QuerySet):
    def active(self, on=None):
        """Website consents in force on `on` (default today)."""
        reasons = [condition for _, condition in _not_in_force(on or timezone.localdate())]
        return self.filter(scope=PhotoConsent.Scope.WEBSITE).exclude(reduce(operator.or_, reasons))

    def with_status(self, on=None):
        """Annotates each consent's `status` (a ConsentStatus value), whatever its scope."""
        return self.annotate(
            status=models.Case(
                *(
                    models.When(condition, then=models.Value(status))
                    for status, condition in _not_in_force(on or timezone.localdate())
                ),
                default=models.Value(ConsentStatus.ACTIVE),
                output_field=models.CharField(),
            )
        )


class CaseQuerySet(models.QuerySet):
    @staticmethod
    def _public():
        """Published, with at least one photo pair, and with a website consent in force today."""
        return models.Q(
            models.Exists(PhotoConsent.objects.active().filter(case=models.OuterRef("pk"))),
            models.Exists(PhotoPair.objects.filter(case=models.OuterRef("pk"))),
            is_published=True,
        )

    def public(self):
        """Cases anyone may see."""
        return self.filter(self._public())

    def with_is_public(self):
        """Annotates `is_public`, by the same rule as `public()`, for staff lists and links."""
        return self.annotate(
            is_public=models.ExpressionWrapper(self._public(), output_field=models.BooleanField())
        )

    def with_photos(self, first_only=False):
        """Pairs, their two photos and every rendition, prefetched. With `first_only`, the
        first pair alone (all that a card or a list's thumbnail shows): the rows read stay the
        same however many pairs a case has."""
        pairs = PhotoPair.objects.select_related("before", "after").prefetch_related(
            "before__renditions", "after__renditions"
        )
        if first_only:  # a list, not the relation: Django cannot filter a sliced prefetch again
            return self.prefetch_related(
                models.Prefetch("pairs", queryset=pairs[:1], to_attr="first_pairs")
            )
        return self.prefetch_related(models.Prefetch("pairs", queryset=pairs))

    def with_published_procedures(self):
        return self.prefetch_related(
            models.Prefetch(
                "procedures",
                queryset=Procedure.objects.published().select_related("group"),
                to_attr="published_procedures",
            )
        )

    def with_consent_status(self):
        """Annotates `consent_status`: active if any website consent is, else the first reason
        one is not, else missing."""
        today = timezone.localdate()
        consents = PhotoConsent.objects.filter(
            case=models.OuterRef("pk"), scope=PhotoConsent.Scope.WEBSITE
        )
        return self.annotate(
            consent_status=models.Case(
                models.When(
                    models.Exists(consents.active(today)), then=models.Value(ConsentStatus.ACTIVE)
                ),
                *(
                    models.When(
                        models.Exists(consents.filter(condition)), then=models.Value(status)
                    )
                    for status, condition in _not_in_force(today)
                ),
                default=models.Value(ConsentStatus.MISSING),
                output_field=models.CharField(),
            )
        )


class Case(models.Model):
    """One patient's before-and-after photos, shown under a random public case number."""

    class AgeRange(models.TextChoices):
        CHILD = "child", "Child (under 13)"
        TEEN = "teen", "Teenager (13 to 17)"
        ADULT_18 = "18-29", "18 to 29"
        ADULT_30 = "30-44", "30 to 44"
        ADULT_45 = "45-59", "45 to 59"
        ADULT_60 = "60+", "60 or older"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"

    number = models.PositiveIntegerField(
        "case number",
        unique=True,
        editable=False,
        default=new_case_number,
        help_text="Chosen at random when the case is created. It is not linked to any record.",
    )
    title = models.CharField(
        max_length=120,
        help_text="A short plain summary, e.g. 'Smile restored after a masseter nerve transfer'. "
        "Up to 45 characters shows whole in browser tabs and search results.",
    )
    procedures = models.ManyToManyField(
        Procedure, related_name="cases", help_text="The procedures these photos show."
    )
    causes = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="cases",
        help_text="What caused the paralysis, if the site has a page for that cause and the "
        "patient agreed to it being said: the case then comes first on that page.",
    )
    description = models.TextField(
        help_text="Two to four sentences: the problem, what was done and how things changed. "
        "Nothing that could identify the patient."
    )
    age_range = models.CharField(
        max_length=8,
        choices=AgeRange.choices,
        blank=True,
        help_text="Shown on the case's page. Leave it empty to leave it out.",
    )
    sex = models.CharField(
        max_length=8,
        choices=Sex.choices,
        blank=True,
        help_text="Shown on the case's page. Leave it empty to leave it out.",
    )
    time_since_surgery = models.CharField(
        max_length=60,
        blank=True,
        help_text="When the 'after' photos were taken, e.g. '14 months after surgery'.",
    )
    photos_altered = models.BooleanField(
        "photos altered beyond cropping",
        default=False,
        help_text="Tick if any photo was changed beyond cropping, straightening and resizing "
        "(e.g. retouched, brightened, background removed). The page says so.",
    )
    alteration_details = models.CharField(
        max_length=200,
        blank=True,
        help_text="What was changed, in a few words, e.g. 'Background lightened'.",
    )
    is_published = published_field(
        "Shown on the site only while the patient's website consent is also active.", default=False
    )
    order = order_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-created_at"]
        verbose_name = "gallery case"

    def __str__(self):
        # Staff know a case by its title; the number alone is what the public page shows.
        return f"{self.public_label}: {self.title}" if self.title else self.public_label

    def get_absolute_url(self):
        return reverse("gallery:detail", kwargs={"number": self.number})

    def clean(self):
        if self.alteration_details and not self.photos_altered:
            raise ValidationError(
                {"photos_altered": "Tick this box if you describe an alteration."}
            )

    @property
    def public_label(self):
        return f"Patient {self.number}"

    @property
    def first_pair(self):
        """The first photo pair, from the prefetched pairs when there are any."""
        pairs = getattr(self, "first_pairs", None)
        if pairs is None:
            pairs = self.pairs.all()
        return pairs[0] if pairs else None


class PhotoConsent(models.Model):
    """The patient's signed permission to show the photos, and its end if they withdraw it."""

    class Scope(models.TextChoices):
        WEBSITE = "website", "Website gallery"
        OFFICE = "office", "In the office only (not the website)"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(
        "consent for",
        max_length=16,
        choices=Scope.choices,
        default=Scope.WEBSITE,
        help_text="Only a website consent lets the case appear on the site.",
    )
    signed_on = models.DateField("date signed", help_text="The date on the signed form.")
    expires_on = models.DateField(
        "valid until",
        null=True,
        blank=True,
        help_text="The last day the consent covers. Leave empty if it does not expire.",
    )
    revoked_on = models.DateField(
        "revoked on",
        null=True,
        blank=True,
        help_text="The day the patient withdrew consent. The case leaves the site immediately.",
    )
    form_reference = models.CharField(
        max_length=120,
        blank=True,
        help_text="Where the signed form is filed (for staff only; never shown on the site).",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PhotoConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = "photo consent"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("signed_on")),
                name="consent_expires_after_signing",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_on__isnull=True)
                | models.Q(revoked_on__gte=models.F("signed_on")),
                name="consent_revoked_after_signing",
            ),
        ]

    def __str__(self):
        return f"{self.get_scope_display()} consent signed {self.signed_on.isoformat()}"

    def clean(self):
        today = timezone.localdate()
        errors = {}
        if self.signed_on and self.signed_on > today:
            errors["signed_on"] = "The date signed cannot be in the future."
        if self.signed_on and self.expires_on and self.expires_on < self.signed_on:
            errors["expires_on"] = "The consent cannot end before it was signed."
        if self.revoked_on:
            if self.revoked_on > today:
                errors["revoked_on"] = "Record a revocation on or after the day it happens."
            elif self.signed_on and self.revoked_on < self.signed_on:
                errors["revoked_on"] = "The consent cannot be revoked before it was signed."
        if errors:
            raise ValidationError(errors)


class PhotoQuerySet(models.QuerySet):
    def public(self):
        """Photos of a public case: the only ones served to visitors."""
        cases = Case.objects.public()
        return self.filter(
            models.Q(pair_before__case__in=cases) | models.Q(pair_after__case__in=cases)
        )


class Photo(StoredImage):
    """An uploaded photo after processing. Only its WebP renditions exist; the upload is gone."""

    objects = PhotoQuerySet.as_manager()

    @property
    def default_rendition(self):
        return self.rendition_near(640)


class Rendition(StoredRendition):
    """One WebP size of a photo, made once at upload. Served only through `gallery:image`."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    image_field = "photo"
    url_name = "gallery:image"

    class Meta(StoredRendition.Meta):
        constraints = [
            models.UniqueConstraint(fields=["photo", "width"], name="unique_rendition_width"),
        ]

    def get_absolute_url(self):
        return self.url


class PhotoPair(models.Model):
    """A before and an after photo of the same view of the face, with descriptions."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pairs")
    label = models.CharField(
        "view",
        max_length=60,
        help_text="What the pair shows, e.g. 'At rest', 'Smiling', 'Eyes closed', 'Oblique view'.",
    )
    before = models.OneToOneField(Photo, on_delete=models.PROTECT, related_name="pair_before")
    after = models.OneToOneField(Photo, on_delete=models.PROTECT, related_name="pair_after")
    before_alt = models.CharField("before photo description", max_length=300, help_text=ALT_HELP)
    after_alt = models.CharField("after photo description", max_length=300, help_text=ALT_HELP)

    class CompareView(models.TextChoices):
        AUTO = "auto", "Side by side on phones, slider on wider screens"
        SIDE_BY_SIDE = "side", "Side by side on every screen"
        SLIDER = "slider", "Slider on every screen"

    compare_view = models.CharField(
        "opens as",
        max_length=6,
        choices=CompareView.choices,
        default=CompareView.AUTO,
        help_text="How visitors first see the pair; they can switch. Side by side shows both "
        "whole faces, which makes the difference plain on a small screen; the slider lays the "
        "before photo over the after one.",
    )
    slider_start = models.PositiveSmallIntegerField(
        "slider starts at",
        default=50,
        validators=[MinValueValidator(5), MaxValueValidator(95)],
        help_text="Where the divider stands when the slider opens, in percent of the width "
        "from the left (before photo on the left of it): 50 is the middle. When only one side "
        "of the face changed, 50 shows the unchanged half of the before photo beside the "
        "changed half of the after one, which hides the difference: start near the edge "
        "instead, e.g. 85 to show almost the whole before photo.",
    )
    order = order_field()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "photo pair"

    def __str__(self):
        return f"{self.case.public_label}: {self.label}"
