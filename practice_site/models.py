import re
import secrets
import urllib.parse
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.functional import cached_property

from gallery.models import Renditions
from procedures.markdown import MarkdownModel, html_field, render_markdown

from .brand import card_version, monogram
from .phones import to_e164, validate_phone

# CSS pixels: the logo's height in the header (static/css/site.css, .brand__logo).
LOGO_HEIGHT = 48


class PracticeProfile(models.Model):
    """The practice's name and contact details: exactly one record.

    The primary key is fixed to 1 and a check constraint enforces it, so the database itself
    refuses a second profile; the admin offers neither "add" once it exists nor "delete".
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    practice_name = models.CharField(max_length=120)
    tagline = models.CharField(
        max_length=160,
        blank=True,
        help_text="One short line under the practice name, e.g. 'Facial reanimation surgery'.",
    )
    short_name = models.CharField(
        "name in page titles",
        max_length=30,
        blank=True,
        help_text="A short form of the practice's name that ends every page title in search "
        "results, e.g. 'Dr. Panossian'. Titles are cut to 60 characters, so keep it short. "
        "Leave empty to use the practice name.",
    )
    phone = models.CharField(
        max_length=32,
        validators=[validate_phone],
        help_text="As patients should read it, e.g. (626) 765-6885. Every “Call” button dials it.",
    )
    email = models.EmailField(blank=True, help_text="Shown on the site. Leave empty to hide.")
    main_location = models.OneToOneField(
        "Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The address shown at the foot of every page and given to search engines. "
        "Add and edit addresses, maps and hours under Locations.",
    )
    areas_served = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where patients come from, separated by commas, e.g. 'Pasadena, Los Angeles "
        "area, Southern California'. Given to search engines and named on the contact page.",
    )
    logo = models.OneToOneField(
        "Picture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    is_demo = models.BooleanField(
        "demo content",
        default=False,
        help_text="While ticked, the footer says that the site shows sample content. Untick it "
        "once the sample testimonials, cases and texts are replaced with real ones.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "practice profile"
        verbose_name_plural = "practice profile"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="practice_profile_singleton"),
        ]

    def __str__(self):
        return self.practice_name or "Practice profile"

    def get_absolute_url(self):
        return reverse("pages:about")

    @classmethod
    def current(cls):
        """The saved profile, or an empty unsaved one on a site that has not been set up yet.

        One query, with the main location and its hours for today (for every page's footer).
        """
        today = OpeningHours.objects.filter(
            location=OuterRef("main_location"), day=timezone.localdate().isoweekday()
        )
        # The logo's narrowest copy at least twice as wide as the header shows it (high-density
        # screens), so the header needs no query of its own for the renditions.
        header = PictureRendition.objects.filter(
            picture=OuterRef("logo"),
            width__gte=OuterRef("logo__width") * 2 * LOGO_HEIGHT / OuterRef("logo__height"),
        ).order_by("width")
        found = (
            cls.objects.filter(pk=1)
            .select_related("main_location", "logo")
            .annotate(
                today_opens=Subquery(today.values("opens")[:1]),
                today_closes=Subquery(today.values("closes")[:1]),
                today_closed=Subquery(today.values("closed")[:1]),
                logo_header_width=Subquery(header.values("width")[:1]),
            )
            .first()
        )
        return found or cls()

    @classmethod
    def for_request(cls, request):
        """`current()`, read once per request however many parts of the page ask for it."""
        if not hasattr(request, "_practice_profile"):
            request._practice_profile = cls.current()
        return request._practice_profile

    @cached_property
    def lead_provider(self):
        """The first provider listed (usually the surgeon), for sentences such as "meet
        Dr. Panossian". One query, and only on pages that name them."""
        return Provider.objects.published().first()

    @property
    def phone_e164(self):
        """The phone number for `tel:` links, or "" if it cannot be read as a number."""
        return to_e164(self.phone)

    @property
    def monogram(self):
        return monogram(self.practice_name)

    @property
    def logo_url(self):
        """The header's copy of the uploaded logo, or "" while the typographic mark stands in."""
        if not self.logo_id:
            return ""
        width = getattr(self, "logo_header_width", None) or self.logo.width
        return reverse("pages:picture", kwargs={"key": self.logo.key, "width": width})

    @property
    def logo_full_url(self):
        """The largest copy of the logo (structured data, the share card), or ""."""
        if not self.logo_id:
            return ""
        return reverse("pages:picture", kwargs={"key": self.logo.key, "width": self.logo.width})

    @property
    def logo_width(self):
        """The logo's width in the header, where it is LOGO_HEIGHT pixels tall."""
        return round(self.logo.width * LOGO_HEIGHT / self.logo.height) if self.logo_id else 0

    @property
    def share_image_url(self):
        """The share card (`og:image`); its address changes whenever what it shows does."""
        location = self.main_location if self.main_location_id else None
        version = card_version(self, location, self.logo.key if self.logo_id else "")
        return f"{reverse('pages:share_card')}?v={version}"

    @property
    def title_name(self):
        return self.short_name or self.practice_name

    @property
    def area_list(self):
        return [part.strip() for part in self.areas_served.split(",") if part.strip()]

    @property
    def city(self):
        """ "Pasadena, CA": where the practice is, for page titles and descriptions."""
        return self.main_location.city if self.main_location_id else ""

    @property
    def today_hours(self):
        """Today's hours at the main location, as read by `current()`, or None if not known."""
        if not hasattr(self, "today_closed") or self.today_closed is None:
            return None
        return OpeningHours(
            day=timezone.localdate().isoweekday(),
            opens=self.today_opens,
            closes=self.today_closes,
            closed=self.today_closed,
        )


class Page(MarkdownModel):
    """An editable site-wide text: home page introduction, about the practice, terms, privacy."""

    class Key(models.TextChoices):
        HOME = "home", "Home page introduction"
        ABOUT = "about", "About the practice"
        TERMS = "terms", "Terms of use"
        PRIVACY = "privacy", "Privacy notice"

    key = models.CharField("page", max_length=20, choices=Key.choices, unique=True)
    title = models.CharField(max_length=160)
    search_title = models.CharField(
        "title in search results",
        max_length=60,
        blank=True,
        help_text="What search engines show as the link to this page, at most 60 characters; "
        "name what people search for and the city, e.g. 'Facial reanimation surgery in "
        "Pasadena'. The practice's short name is added when it fits. Leave empty to use the "
        "title.",
    )
    meta_description = models.CharField(
        "summary for search engines",
        max_length=160,
        help_text="The sentence Google and other search engines show under the page's title: "
        "what the page offers, in at most 160 characters.",
    )
    body = models.TextField(
        "text",
        help_text="Use the buttons above the box for a heading, bold words, a list or a link to "
        "another page of the site. The preview under the box shows the text as the page will.",
    )
    body_html = html_field()
    updated_at = models.DateTimeField(auto_now=True)

    rendered_fields = ["body_html"]
    markdown_fields = {"body": 2}

    class Meta:
        ordering = ["key"]
        verbose_name = "site page"

    def __str__(self):
        return self.get_key_display()

    def get_absolute_url(self):
        return reverse(f"pages:{self.key}")

    def render(self):
        self.body_html = render_markdown(self.body).html


class ContentVersion(models.Model):
    """A token that changes whenever public content changes; the page cache keys pages by it.

    It lives in the database so that every gunicorn worker, and every machine sharing one
    PostgreSQL database, sees an edit on the very next request (see practice_site/cache.py).
    A random token rather than a counter: restoring a backup never brings back a value that
    caches still hold pages for.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "content version"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="content_version_singleton"),
        ]

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


# --- Where the practice is --------------------------------------------------------------------


class LocationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_hours(self):
        """Each location's opening hours in one more query, however many locations."""
        return self.prefetch_related("hours")

    def with_maps(self):
        """Each location's map and its copies: two more queries, however many locations."""
        return self.select_related("map").prefetch_related("map__renditions")


class Location(models.Model):
    """A place where patients are seen: its address, map, directions and opening hours.

    The practice's main location (`PracticeProfile.main_location`) is the one in every page's
    footer and in the clinic's structured data; the contact page lists every published one.
    """

    name = models.CharField(
        max_length=120, help_text="How patients tell it apart, e.g. 'Pasadena office'."
    )
    street_address = models.CharField(
        max_length=200, help_text="Number and street, e.g. '1234 East Colorado Boulevard'."
    )
    suite = models.CharField(
        "suite, floor or building",
        max_length=100,
        blank=True,
        help_text="e.g. 'Suite 310'. Shown on the line after the street.",
    )
    locality = models.CharField("city", max_length=100, help_text="e.g. 'Pasadena'.")
    region = models.CharField("state", max_length=100, help_text="As on an envelope, e.g. 'CA'.")
    postal_code = models.CharField("ZIP code", max_length=20)
    country = models.CharField(
        max_length=2,
        default="US",
        help_text="Two-letter country code in capitals, e.g. 'US'.",
        validators=[RegexValidator(r"^[A-Z]{2}$", "Two capital letters, e.g. 'US'.")],
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Where the entrance is, e.g. 34.145800 (in Google Maps: right-click the "
        "entrance and click the numbers). Tells search engines where to put the pin.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="e.g. -118.144600 (west of Greenwich is negative).",
    )
    phone = models.CharField(
        max_length=32,
        blank=True,
        validators=[validate_phone],
        help_text="Only if this location has its own number; otherwise the practice's number "
        "is shown.",
    )
    fax = models.CharField(
        max_length=32,
        blank=True,
        validators=[validate_phone],
        help_text="For doctors sending referrals and records, e.g. (626) 765-6886.",
    )
    map = models.OneToOneField(
        "Picture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    map_alt = models.CharField(
        "map description",
        max_length=300,
        blank=True,
        help_text="For people who cannot see the map: where the building is, in a sentence, "
        "e.g. 'The office is on the north side of Colorado Boulevard, two blocks east of Lake "
        "Avenue.'",
    )
    parking = models.TextField(
        blank=True,
        help_text="Where to park, what it costs, where the step-free entrance is. Plain text; "
        "a blank line starts a new paragraph.",
    )
    transit = models.TextField(
        "public transport",
        blank=True,
        help_text="Trains and buses that stop nearby, and the walk from the stop.",
    )
    hours_note = models.TextField(
        "holidays and exceptions",
        blank=True,
        help_text="Shown under the opening hours, e.g. 'Closed on public holidays. Surgery "
        "days: calls are answered, consultations are not held.'",
    )
    is_published = models.BooleanField(
        "shown on the site",
        default=True,
        help_text="Untick to take the location off the contact page without deleting it.",
    )
    is_demo = models.BooleanField(
        "sample details",
        default=False,
        help_text="While ticked, the contact page says that this location's street address, "
        "map, hours and directions are samples. Untick once they are the real ones.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "location"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('pages:contact')}#location-{self.pk}"

    @property
    def street_lines(self):
        return [line for line in (self.street_address, self.suite) if line]

    @property
    def city(self):
        return ", ".join(part for part in (self.locality, self.region) if part)

    @property
    def city_line(self):
        return " ".join(part for part in (self.city, self.postal_code) if part)

    @property
    def address_lines(self):
        return [*self.street_lines, self.city_line] if self.city_line else self.street_lines

    @property
    def one_line_address(self):
        return ", ".join(self.address_lines)

    @property
    def phone_e164(self):
        return to_e164(self.phone)

    @property
    def fax_e164(self):
        return to_e164(self.fax)

    @property
    def has_geo(self):
        return self.latitude is not None and self.longitude is not None

    def _destination(self):
        # The street address finds the building's entrance better than a pin; the suite means
        # nothing to a map.
        return ", ".join(
            part for part in (self.street_address, self.city_line, self.country) if part
        )

    @property
    def google_maps_url(self):
        query = urllib.parse.urlencode({"api": "1", "destination": self._destination()})
        return f"https://www.google.com/maps/dir/?{query}"

    @property
    def apple_maps_url(self):
        return "https://maps.apple.com/?" + urllib.parse.urlencode({"daddr": self._destination()})

    @property
    def map_search_url(self):
        """A link that opens the address in a map (schema.org's `hasMap`)."""
        query = urllib.parse.urlencode({"api": "1", "query": self._destination()})
        return f"https://www.google.com/maps/search/?{query}"

    def week(self):
        """(day number, day name, OpeningHours or None) for Monday to Sunday.

        Reads the prefetched hours (`with_hours()`): no query of its own.
        """
        by_day = {hours.day: hours for hours in self.hours.all()}
        return [(day, label, by_day.get(day)) for day, label in OpeningHours.Day.choices]


class OpeningHours(models.Model):
    """When a location is open on one day of the week (or that it is closed that day)."""

    class Day(models.IntegerChoices):
        # ISO numbers, as `date.isoweekday()` gives them.
        MONDAY = 1, "Monday"
        TUESDAY = 2, "Tuesday"
        WEDNESDAY = 3, "Wednesday"
        THURSDAY = 4, "Thursday"
        FRIDAY = 5, "Friday"
        SATURDAY = 6, "Saturday"
        SUNDAY = 7, "Sunday"

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="hours")
    day = models.PositiveSmallIntegerField(choices=Day.choices)
    opens = models.TimeField(null=True, blank=True, help_text="e.g. 9:00")
    closes = models.TimeField(null=True, blank=True, help_text="e.g. 17:00")
    closed = models.BooleanField("closed all day", default=False)

    class Meta:
        ordering = ["location", "day"]
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(fields=["location", "day"], name="one_opening_hours_per_day"),
            models.CheckConstraint(
                condition=models.Q(closed=True, opens__isnull=True, closes__isnull=True)
                | models.Q(closed=False, opens__lt=models.F("closes")),
                name="opening_hours_open_before_close_or_closed",
            ),
        ]

    def __str__(self):
        return f"{self.get_day_display()}: {self.display}"

    def clean(self):
        if self.closed:
            if self.opens or self.closes:
                raise ValidationError(
                    "A day is either closed or has hours: untick “closed all day” or clear the "
                    "times."
                )
            return
        if self.opens is None or self.closes is None:
            raise ValidationError(
                {
                    "opens" if self.opens is None else "closes": "Give both times, or tick "
                    "“closed all day”."
                }
            )
        if self.opens >= self.closes:
            raise ValidationError({"closes": "The closing time must be after the opening time."})

    @property
    def display(self):
        """ "9:00 am – 5:00 pm" or "Closed"."""
        if self.closed or self.opens is None or self.closes is None:
            return "Closed"
        return f"{_clock(self.opens)} – {_clock(self.closes)}"


def _clock(value):
    """9:00 → "9 am", 17:30 → "5:30 pm", 12:00 → "noon" (US style, no leading zero)."""
    if value == time(12, 0):
        return "noon"
    return time_format(value, "g a" if value.minute == 0 else "g:i a").replace(".", "")


class ProfileLink(models.Model):
    """The practice's page on another website (a review site, a video channel): schema.org's
    `sameAs`, and a "find us elsewhere" link on the contact page."""

    class Kind(models.TextChoices):
        GOOGLE = "google", "Google Business Profile"
        HEALTHGRADES = "healthgrades", "Healthgrades"
        YELP = "yelp", "Yelp"
        YOUTUBE = "youtube", "YouTube"
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        LINKEDIN = "linkedin", "LinkedIn"
        DOXIMITY = "doximity", "Doximity"
        OTHER = "other", "Another site"

    profile = models.ForeignKey(PracticeProfile, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField("site", max_length=20, choices=Kind.choices)
    url = models.URLField(
        "address", max_length=500, help_text="The full address of the practice's page there."
    )
    label = models.CharField(
        max_length=80,
        blank=True,
        help_text="What the link says on the contact page; leave empty to use the site's name.",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "profile on another site"
        verbose_name_plural = "profiles on other sites"
        constraints = [
            models.UniqueConstraint(fields=["profile", "url"], name="unique_profile_link_url"),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self):
        return self.label or self.get_kind_display()


# --- Providers ----------------------------------------------------------------------------------

# Degrees whose holders patients address as "Dr.", compared without dots or spaces ("M.D." is
# "MD"). Medical, dental, podiatric and research doctorates; fellowships such as FACS are not.
DOCTORAL_DEGREES = frozenset(
    {"MD", "DO", "MBBS", "MBCHB", "MBBCH", "BMBS", "PHD", "DPHIL", "DDS", "DMD", "DPM", "PSYD"}
)
HONORIFICS = re.compile(r"^(dr|doctor|prof|professor|mr|mrs|ms|miss|mx)\b\.?", re.IGNORECASE)
POST_NOMINAL = re.compile(r"^[A-Za-z][A-Za-z.()&/\- ]{0,29}$")


def letters(value):
    """A degree or title as compared: "M.D." and "md" are both "MD"."""
    return re.sub(r"[.\s]", "", value).upper()


def new_media_key():
    """An opaque name for a stored file: 128 random bits, nothing from the uploaded file."""
    return secrets.token_hex(16)


class Picture(Renditions, models.Model):
    """A photo of the practice (a provider's portrait, a video's poster frame).

    Uploaded through the gallery's pipeline (validation, metadata stripped, upright, sRGB) and
    kept only as WebP renditions under a random name, like patients' photos. Unlike those, these
    are public: every rendition is served to anyone who has its address.
    """

    key = models.CharField(max_length=32, unique=True, editable=False, default=new_media_key)
    width = models.PositiveIntegerField(help_text="Width of the largest rendition, in pixels.")
    height = models.PositiveIntegerField(help_text="Height of the largest rendition, in pixels.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Picture {self.key[:8]} ({self.width}×{self.height})"


class PictureRendition(models.Model):
    """One WebP width of a picture. Served by `pages:picture`."""

    picture = models.ForeignKey(Picture, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(max_length=200, editable=False)

    class Meta:
        ordering = ["width"]
        constraints = [
            models.UniqueConstraint(
                fields=["picture", "width"], name="unique_picture_rendition_width"
            ),
        ]

    def __str__(self):
        return f"{self.picture} at {self.width}px"

    @property
    def url(self):
        return reverse("pages:picture", kwargs={"key": self.picture.key, "width": self.width})


class ProviderQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_portraits(self):
        """Portraits and their renditions: two queries however many providers are listed."""
        return self.select_related("portrait").prefetch_related("portrait__renditions")

    def with_profile(self):
        """Everything a provider's page shows, in a fixed number of queries."""
        return self.select_related("portrait", "video__poster").prefetch_related(
            "portrait__renditions", "video__poster__renditions", "credentials"
        )


class Provider(MarkdownModel):
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
    portrait = models.OneToOneField(
        Picture,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    portrait_alt = models.CharField(
        "portrait description",
        max_length=200,
        blank=True,
        help_text="For people who cannot see the photo: who it shows and how, in a short "
        "sentence, e.g. 'Dr. Roe in a white coat, smiling, in the consulting room'.",
    )
    is_published = models.BooleanField(
        "shown on the site",
        default=True,
        help_text="Untick to take the provider's page and cards off the site without deleting "
        "anything.",
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Lower numbers come first; the first is the practice's lead surgeon."
    )
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
        return [part.strip() for part in self.post_nominals.split(",") if part.strip()]

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
        return [part.strip() for part in self.languages.split(",") if part.strip()]

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
        kinds left out. Reads the prefetched credentials: no query of its own."""
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
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")

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


class ProviderVideo(models.Model):
    """A short film about a provider, uploaded by staff and served by the site itself.

    No video host is involved: the page loads nothing from another site, before or after a
    visitor presses play. The file is an MP4 (H.264) checked and cleaned at upload
    (practice_site/video.py); a poster picture shows until it plays.
    """

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="video")
    title = models.CharField(
        max_length=160, help_text="Shown under the video, e.g. 'Meet Dr. Roe'."
    )
    description = models.TextField(
        max_length=500,
        help_text="One to three plain sentences: what the film shows. Shown under it.",
    )
    transcript = models.TextField(
        blank=True,
        help_text="Everything that is said and shown, as text, for visitors who cannot watch or "
        "hear it. Blank line between paragraphs.",
    )
    key = models.CharField(max_length=32, unique=True, editable=False, default=new_media_key)
    file = models.FileField(max_length=200, editable=False)
    size = models.PositiveBigIntegerField(editable=False, help_text="In bytes.")
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    duration = models.FloatField(editable=False, help_text="In seconds.")
    has_sound = models.BooleanField(editable=False, default=False)
    captions = models.FileField(max_length=200, blank=True, editable=False)
    poster = models.OneToOneField(
        Picture, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    uploaded_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = "video"

    def __str__(self):
        return self.title

    @property
    def url(self):
        return reverse("pages:video", kwargs={"key": self.key})

    @property
    def poster_url(self):
        """One poster size (the attribute takes no srcset): sharp in the column it fills."""
        rendition = self.poster.rendition_near(960)
        return rendition.url if rendition else ""

    @property
    def captions_url(self):
        return reverse("pages:captions", kwargs={"key": self.key}) if self.captions else ""

    @property
    def iso_duration(self):
        """The length as ISO 8601 (schema.org's Duration), e.g. "PT1M35S"."""
        seconds = max(1, round(self.duration))
        minutes, seconds = divmod(seconds, 60)
        return f"PT{minutes}M{seconds}S" if minutes else f"PT{seconds}S"

    @property
    def length_label(self):
        seconds = max(1, round(self.duration))
        minutes, seconds = divmod(seconds, 60)
        return f"{minutes}:{seconds:02d}"

    @property
    def transcript_paragraphs(self):
        return [p.strip() for p in re.split(r"\n\s*\n", self.transcript) if p.strip()]
