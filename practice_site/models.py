import urllib.parse
from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format

from procedures.markdown import MarkdownModel, html_field, render_markdown

from .brand import card_version, monogram
from .phones import to_e164, validate_phone


class PracticeProfile(models.Model):
    """The practice's contact details and the surgeon's profile: exactly one record.

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
    surgeon_name = models.CharField(max_length=120)
    surgeon_credentials = models.CharField(
        max_length=200,
        blank=True,
        help_text="Degrees and titles as they should appear after the name, e.g. 'MD, FACS'.",
    )
    surgeon_role = models.CharField(
        max_length=200,
        blank=True,
        help_text="A short description, e.g. 'Plastic, reconstructive and craniofacial surgeon'.",
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
    short_bio = models.TextField(
        blank=True, help_text="Two or three sentences about the surgeon, shown on the home page."
    )
    video_url = models.URLField(
        blank=True,
        help_text="Optional link to a video (e.g. on YouTube). It is shown as a picture that "
        "links out, so nothing from the video site loads until a visitor chooses it.",
    )
    video_title = models.CharField(max_length=160, blank=True)
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
        found = (
            cls.objects.filter(pk=1)
            .select_related("main_location")
            .annotate(
                today_opens=Subquery(today.values("opens")[:1]),
                today_closes=Subquery(today.values("closes")[:1]),
                today_closed=Subquery(today.values("closed")[:1]),
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

    @property
    def surgeon_display_name(self):
        return ", ".join(part for part in (self.surgeon_name, self.surgeon_credentials) if part)

    @property
    def phone_e164(self):
        """The phone number for `tel:` links, or "" if it cannot be read as a number."""
        return to_e164(self.phone)

    @property
    def monogram(self):
        return monogram(self.practice_name)

    @property
    def share_image_url(self):
        """The share card (`og:image`); its address changes whenever what it shows does."""
        location = self.main_location if self.main_location_id else None
        version = card_version(self, location)
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
    """An editable site-wide text: home page introduction, surgeon's story, terms, privacy."""

    class Key(models.TextChoices):
        HOME = "home", "Home page introduction"
        ABOUT = "about", "About the surgeon"
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


class Location(models.Model):
    """A place where patients are seen: its address, directions and opening hours.

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
        "hours and directions are samples. Untick once they are the real ones.",
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
