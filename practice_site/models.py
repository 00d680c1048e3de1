import phonenumbers
from django.db import models
from django.urls import reverse

from procedures.markdown import MarkdownModel, html_field, render_markdown


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
    phone = models.CharField(
        max_length=32, help_text="As patients should read it, e.g. (626) 765-6885."
    )
    email = models.EmailField(blank=True, help_text="Shown on the site. Leave empty to hide.")
    street_address = models.CharField(max_length=200, blank=True)
    locality = models.CharField("city", max_length=100, blank=True)
    region = models.CharField("state", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    opening_hours = models.TextField(
        blank=True, help_text="One line per period, e.g. 'Monday to Friday: 8:30 am to 5 pm'."
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
        """The saved profile, or an empty unsaved one on a site that has not been set up yet."""
        return cls.objects.filter(pk=1).first() or cls()

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
        try:
            number = phonenumbers.parse(self.phone, "US")
        except phonenumbers.NumberParseException:
            return ""
        if not phonenumbers.is_possible_number(number):
            return ""
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @property
    def hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    @property
    def address_lines(self):
        city_line = " ".join(
            part
            for part in (", ".join(p for p in (self.locality, self.region) if p), self.postal_code)
            if part
        )
        return [line for line in (self.street_address, city_line) if line]


class Page(MarkdownModel):
    """An editable site-wide text: home page introduction, surgeon's story, terms, privacy."""

    class Key(models.TextChoices):
        HOME = "home", "Home page introduction"
        ABOUT = "about", "About the surgeon"
        TERMS = "terms", "Terms of use"
        PRIVACY = "privacy", "Privacy notice"

    key = models.CharField(max_length=20, choices=Key.choices, unique=True)
    title = models.CharField(max_length=160)
    meta_description = models.CharField(
        max_length=160, help_text="The summary search engines show under the title (max 160)."
    )
    body = models.TextField(
        help_text="Markdown: blank line between paragraphs, '## ' for a heading, '- ' for a list "
        "item, [text](https://address) for a link."
    )
    body_html = html_field()
    updated_at = models.DateTimeField(auto_now=True)

    rendered_fields = ["body_html"]

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
