"""Providers: the practice's surgeons and clinicians, their credentials and their films."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from procedures.markdown import MarkdownModel, html_field, render_markdown
from procedures.model_fields import NamesAddressClash, order_field, published_field
from procedures.models import PublishedFlagQuerySet

from .media import ProviderVideo, picture_field

# Degrees whose holders patients address as "Dr.", compared without dots or spaces ("M.D." is
# "MD"). Medical, dental, podiatric and research doctorates; fellowships such as FACS are not.
DOCTORAL_DEGREES = frozenset(
    {"MD", "DO", "MBBS", "MBCHB", "MBBCH", "BMBS", "PHD", "DPHIL", "DDS", "DMD", "DPM", "PSYD"}
)
HONORIFICS = re.compile(r"^(dr|doctor|prof|professor|mr|mrs|ms|miss|mx)\b\.?", re.IGNORECASE)
POST_NOMINAL = re.compile(r"^[A-Za-z][A-Za-z.()&/\- ]{0,29}$")


def comma_list(text):
    """What staff wrote separated by commas, as a list: "MD, FACS," gives ["MD", "FACS"]."""
    return [part.strip() for part in text.split(",") if part.strip()]


def letters(value):
    """A degree or title as compared: "M.D." and "md" are both "MD"."""
    return re.sub(r"[.\s]", "", value).upper()


class ProviderQuerySet(PublishedFlagQuerySet):
    def with_portraits(self):
        """Portraits and their renditions, fetched for all the providers listed at once."""
        return self.select_related("portrait").prefetch_related("portrait__renditions")

    def with_profile(self):
        """Everything a provider's page shows, in a fixed number of queries."""
        return self.select_related("portrait", "video__poster").prefetch_related(
            "portrait__renditions", "video__poster__renditions", "credentials"
        )


class Provider(NamesAddressClash, MarkdownModel):
    """A surgeon or other clinician of the practice, with a page of their own.

    The name is stored bare and the letters after it separately, so the one rule in
    `display_name` / `short_name` writes the title: never "Dr. Jane Roe, MD".
    """

    class Specialty(models.TextChoices):
        # Members of schema.org's MedicalSpecialty (release 30.0) a reanimation practice may use.
        PLASTIC_SURGERY = "PlasticSurgery", "Plastic surgery"
        OTOLARYNGOLOGY = "Otolaryngologic", "Ear, nose and throat (otolaryngology)"
        SURGERY = "Surgical", "Surgery (general)"
        NEUROLOGY = "Neurologic", "Neurology"
        PEDIATRICS = "Pediatric", "Pediatrics"
        DERMATOLOGY = "Dermatology", "Dermatology"
        PHYSIOTHERAPY = "Physiotherapy", "Physical therapy"
        SPEECH = "SpeechPathology", "Speech therapy"
        ANESTHESIA = "Anesthesia", "Anesthesia"
        NURSING = "Nursing", "Nursing"

    given_name = models.CharField(
        "first name",
        max_length=80,
        help_text="First and middle names as the provider uses them, e.g. 'Jane'. No 'Dr.': the "
        "site adds it where it fits.",
    )
    family_name = models.CharField(
        "family name",
        max_length=80,
        help_text="Used on its own after 'Dr.', e.g. 'Roe' in 'Dr. Roe'.",
    )
    post_nominals = models.CharField(
        "letters after the name",
        max_length=120,
        blank=True,
        help_text="Degrees and fellowships exactly as they follow the name, separated by commas, "
        "e.g. 'MD, FACS'. The site writes 'Jane Roe, MD, FACS' in full and 'Dr. Roe' in "
        "sentences when the letters include a doctor's degree (MD, DO, PhD, DDS…).",
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The end of the page's address, e.g. 'jane-roe' for /about/jane-roe/.",
    )
    specialty = models.CharField(
        "what they do",
        max_length=160,
        help_text="A few words under the name, e.g. 'Plastic, reconstructive and craniofacial "
        "surgeon'.",
    )
    medical_specialty = models.CharField(
        "field of medicine",
        max_length=20,
        choices=Specialty.choices,
        default=Specialty.PLASTIC_SURGERY,
        help_text="Not shown on the page: tells search engines which kind of specialist this is.",
    )
    short_bio = models.TextField(
        "short biography",
        max_length=600,
        help_text="Two or three plain sentences, shown with the portrait on the home and About "
        "pages.",
    )
    long_bio = models.TextField(
        "full biography",
        blank=True,
        help_text="The story on the provider's own page: training, approach, what patients "
        "should know. Use the buttons above the box for a heading, bold words, a list or a link; "
        "the preview under the box shows the text as the page will.",
    )
    long_bio_html = html_field()
    languages = models.CharField(
        "languages spoken",
        max_length=200,
        blank=True,
        help_text="Languages the provider speaks with patients, separated by commas, e.g. "
        "'English, Spanish'.",
    )
    portrait = picture_field()
    portrait_alt = models.CharField(
        "portrait description",
        max_length=200,
        blank=True,
        help_text="For people who cannot see the photo: who it shows and how, in a short "
        "sentence, e.g. 'Dr. Roe in a white coat, smiling, in the consulting room'.",
    )
    is_published = published_field(
        "Untick to take the provider's page and cards off the site without deleting anything.",
        verbose_name="shown on the site",
    )
    order = order_field("Lower numbers come first; the first is the practice's lead surgeon.")
    is_demo = models.BooleanField(
        "demonstration entry",
        default=False,
        help_text="While ticked, the provider's page says that the credentials shown are samples "
        "to be replaced. Untick once every entry is the provider's real record.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()
    rendered_fields = ["long_bio_html"]
    markdown_fields = {"long_bio": 3}

    class Meta:
        ordering = ["order", "family_name", "given_name"]
        verbose_name = "provider"

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("pages:provider", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        for field in ("given_name", "family_name"):
            value = getattr(self, field).strip()
            if HONORIFICS.match(value):
                errors[field] = (
                    "Write the name alone, without a title such as 'Dr.': the site adds 'Dr.' "
                    "where it fits, from the letters after the name."
                )
            elif "," in value or (value.split() and letters(value.split()[-1]) in DOCTORAL_DEGREES):
                errors[field] = (
                    "Write the name alone. Degrees such as 'MD' go in 'Letters after the name'."
                )
        parts = self.post_nominal_list
        if any(HONORIFICS.match(part) for part in parts):
            errors["post_nominals"] = (
                "List only the letters that follow the name, e.g. 'MD, FACS'. 'Dr.' is added "
                "by the site where it fits."
            )
        elif any(not POST_NOMINAL.match(part) for part in parts):
            errors["post_nominals"] = (
                "Separate degrees with commas and use letters only, e.g. 'MD, FACS' or "
                "'MBBS, FRCS (Plast)'."
            )
        elif len({letters(part) for part in parts}) < len(parts):
            errors["post_nominals"] = "Each degree or title should appear once."
        if self.portrait_id and not self.portrait_alt.strip():
            errors["portrait_alt"] = "Describe the portrait for people who cannot see it."
        if errors:
            raise ValidationError(errors)

    # The one place that decides how the name is written.
    @property
    def full_name(self):
        return " ".join(
            part for part in (self.given_name.strip(), self.family_name.strip()) if part
        )

    @property
    def post_nominal_list(self):
        return comma_list(self.post_nominals)

    @property
    def is_doctor(self):
        return any(letters(part) in DOCTORAL_DEGREES for part in self.post_nominal_list)

    @property
    def display_name(self):
        """The formal form, for headings and credits: "Jane Roe, MD, FACS"."""
        return ", ".join([self.full_name, *self.post_nominal_list])

    @property
    def short_name(self):
        """The form for sentences: "Dr. Roe" for a doctor, otherwise the full name."""
        return f"Dr. {self.family_name.strip()}" if self.is_doctor else self.full_name

    @property
    def language_list(self):
        return comma_list(self.languages)

    @property
    def schema_id(self):
        """The node id of this provider in every page's structured data."""
        return f"{settings.SITE_URL}{self.get_absolute_url()}#physician"

    @property
    def film(self):
        """The provider's video, or None (reads the select_related row when there is one)."""
        try:
            return self.video
        except ProviderVideo.DoesNotExist:
            return None

    def render(self):
        # Its "## " headings sit under the page's "About Dr. …" heading (h2), so they are h3.
        self.long_bio_html = render_markdown(self.long_bio, id_prefix="bio-", top_level=3).html

    def credential_groups(self):
        """[(kind, heading, [credential, ...]), ...] in the order of `Credential.Kind`, empty
        kinds left out. Reads the prefetched credentials."""
        by_kind = {}
        for credential in self.credentials.all():
            by_kind.setdefault(credential.kind, []).append(credential)
        return [
            (kind, CREDENTIAL_HEADINGS[kind], by_kind[kind])
            for kind in Credential.Kind.values
            if kind in by_kind
        ]


class Credential(models.Model):
    """One line of a provider's record: a degree, a training post, a membership, a paper."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board certification"
        EDUCATION = "education", "Education"
        RESIDENCY = "residency", "Residency"
        FELLOWSHIP = "fellowship", "Fellowship"
        HOSPITAL = "hospital", "Hospital affiliation"
        UNIVERSITY = "university", "University affiliation"
        MEMBERSHIP = "membership", "Professional membership"
        PUBLICATION = "publication", "Publication or talk"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    detail = models.CharField(max_length=200, blank=True)
    year = models.CharField(
        max_length=20, blank=True, help_text="A year or a span, e.g. '2009' or '2004–2009'."
    )
    url = models.URLField("link", max_length=500, blank=True)
    order = order_field()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "credential"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def clean(self):
        if self.kind == self.Kind.PUBLICATION and not self.url:
            raise ValidationError({"url": "Add the address where the paper or talk can be read."})


CREDENTIAL_HEADINGS = {
    Credential.Kind.BOARD: "Board certification",
    Credential.Kind.EDUCATION: "Education",
    Credential.Kind.RESIDENCY: "Residency training",
    Credential.Kind.FELLOWSHIP: "Fellowship training",
    Credential.Kind.HOSPITAL: "Hospital affiliations",
    Credential.Kind.UNIVERSITY: "University affiliations",
    Credential.Kind.MEMBERSHIP: "Professional memberships",
    Credential.Kind.PUBLICATION: "Selected publications and talks",
}
