from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from procedures.model_fields import published_field
from procedures.models import Condition, Procedure, ProcedureQuerySet, PublicQuerySet

MAX_RATING = 5
RATING_CHOICES = [(n, f"{n} out of {MAX_RATING}") for n in range(MAX_RATING, 0, -1)]


# Words around a name that are not the patient's own names ("Dr. Sarah Hughes", "John Smith
# Jr."): their initials would show as someone else's.
NOT_NAMES = {
    # Not "Don" or "Md": they are also first names (Md is how many write Mohammed).
    *("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sr", "sra", "srta", "doña"),
    *("jr", "ii", "iii", "iv", "phd", "rn", "dds", "esq"),
}


def initials(name):
    """'Sarah Jane Hughes' -> 'S.H.', 'maria' -> 'M.': first and last initial, nothing more;
    titles and suffixes ('Dr.', 'Jr.') are left out, unless nothing else is there."""
    words = name.replace(".", " ").replace(",", " ").split()
    parts = [word for word in words if word.casefold() not in NOT_NAMES] or words
    if not parts:
        return ""
    letters = [parts[0][0]] if len(parts) == 1 else [parts[0][0], parts[-1][0]]
    return "".join(f"{letter.upper()}." for letter in letters)


class TestimonialQuerySet(PublicQuerySet):
    @staticmethod
    def public_q(via=""):
        """Published with the patient's consent on record, and not about a draft procedure (that
        would name a treatment not yet announced and link to a page that does not exist)."""
        return models.Q(
            **{f"{via}is_published": True, f"{via}consent_date__isnull": False}
        ) & ProcedureQuerySet.none_or_public_q(f"{via}procedure")

    def featured(self):
        return self.published().filter(is_featured=True)

    def for_display(self):
        """With what a card shows (the procedure and its group, for the link) in the same query."""
        return self.select_related("procedure__group")


class Testimonial(models.Model):
    """A patient's own words about their care, shown only with their consent to publication."""

    class Source(models.TextChoices):
        OFFICE_CARD = "office_card", "In-office card"
        EMAIL = "email", "Email"
        GOOGLE = "google", "Google review"
        OTHER = "other", "Other"
        SAMPLE = "sample", "Sample (demo text, not a patient)"

    # How each source reads on the public page, in a patient's terms.
    PUBLIC_SOURCE_LABELS = {
        Source.OFFICE_CARD: "Written on a card in our office",
        Source.EMAIL: "Sent to us by email",
        Source.GOOGLE: "Posted as a Google review",
        Source.OTHER: "Shared with the practice",
        Source.SAMPLE: "Sample text for this demonstration site",
    }

    quote = models.TextField(
        max_length=2000,
        help_text="The patient's words as they wrote them. Remove only details that could "
        "identify them or someone else.",
    )
    display_name = models.CharField(
        max_length=60,
        help_text="How the patient is named on the site: initials such as 'S.H.' unless they asked "
        "in writing for something else. Leave empty and fill in the patient's name "
        "below to have the initials made for you.",
    )
    rating = models.PositiveSmallIntegerField(
        choices=RATING_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RATING)],
        help_text="Stars the patient gave, 1 to 5. Record what they gave, not what we would like.",
    )
    received_on = models.DateField(
        "date received", default=timezone.localdate, help_text="When the patient wrote or sent it."
    )
    source = models.CharField(
        max_length=20,
        choices=Source.choices,
        help_text="Where the testimonial came from; shown next to it on the site.",
    )
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        help_text="Optional: the treatment it is about. It then also appears on that "
        "treatment's page.",
    )
    cause = models.ForeignKey(
        Condition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        help_text="Optional: what caused the paralysis, if the site has a page for that cause "
        "and the patient agreed to it being said. It then appears first on that page.",
    )
    consent_date = models.DateField(
        "publication consent date",
        null=True,
        blank=True,
        help_text="The date the patient agreed, in writing, to have these words published. "
        "Required before publishing; keep the signed consent in the patient's file.",
    )
    is_featured = models.BooleanField(
        "featured",
        default=False,
        help_text="Offered for the home page and first on its treatment's page "
        "(only while published).",
    )
    is_published = published_field(
        "Shown on the site. Needs a publication consent date.", default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TestimonialQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "testimonial"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=MAX_RATING),
                name="testimonial_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(is_published=False) | models.Q(consent_date__isnull=False),
                name="testimonial_published_needs_consent",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "-received_on"])]

    def __str__(self):
        quote = " ".join(self.quote.split())
        short = quote if len(quote) <= 60 else quote[:57].rstrip() + "…"
        return f"{self.display_name}: {short}"  # messages quote it: “R.M.: For years…”

    def clean(self):
        super().clean()
        self.display_name = self.display_name.strip()
        self.quote = self.quote.strip()
        today = timezone.localdate()
        errors = {}
        if self.received_on and self.received_on > today:
            errors["received_on"] = "The date received cannot be in the future."
        if self.consent_date and self.consent_date > today:
            errors["consent_date"] = "The consent date cannot be in the future."
        elif self.is_published and not self.consent_date:
            errors["consent_date"] = (
                "This testimonial cannot be published without the patient's consent. Enter the "
                "date they agreed to publication, or untick “published”."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_consent(self):
        return self.consent_date is not None

    @property
    def public_source(self):
        return self.PUBLIC_SOURCE_LABELS.get(self.source, self.get_source_display())

    @property
    def is_sample(self):
        return self.source == self.Source.SAMPLE
