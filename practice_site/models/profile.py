"""The practice itself: its profile (one record) and its pages on other sites."""

import copy

from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from ..brand import card_version, monogram
from ..cache import per_content_version
from ..phones import to_e164, to_tel, validate_phone
from .locations import OpeningHours
from .media import PictureRendition, picture_field
from .providers import Provider, comma_list

# CSS pixels: the logo's height in the header (static/css/site.css, .brand__logo).
LOGO_HEIGHT = 48
# What the site is called where the practice has not given its name yet.
UNNAMED = "Facial reanimation surgery"


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
    logo = picture_field()
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

        Read with today's hours (every footer shows them) once per content version and day per
        process; a copy, so that what one request caches on it stays with that request.
        """
        return copy.copy(per_content_version("practice-profile", cls._read))

    @classmethod
    def _read(cls):
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
        Dr. Panossian"; read only on pages that name them."""
        return Provider.objects.published().first()

    # Read once per request (for_request): a page asks for the number a dozen times.
    @cached_property
    def phone_e164(self):
        """The phone number for structured data, or "" if it cannot be read as a number."""
        return to_e164(self.phone)

    @cached_property
    def phone_tel(self):
        """The phone number for `tel:` links, its extension included."""
        return to_tel(self.phone)

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

    logo_height = LOGO_HEIGHT  # the header's logo height, for the template's height attribute

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
    def display_name(self):
        return self.practice_name or UNNAMED

    @property
    def title_name(self):
        return self.short_name or self.practice_name

    @property
    def area_list(self):
        return comma_list(self.areas_served)

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
