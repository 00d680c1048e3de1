"""Where the practice is: locations with their address, map and directions, and opening hours."""

import urllib.parse
from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import time_format

from procedures.model_fields import order_field, published_field
from procedures.models import PublishedFlagQuerySet

from ..phones import to_e164, to_tel, validate_phone
from .media import picture_field


def coordinate_field(limit, help_text):
    """An optional latitude (limit 90) or longitude (limit 180), in degrees to six places."""
    return models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
        help_text=help_text,
    )


class LocationQuerySet(PublishedFlagQuerySet):
    def with_hours(self):
        """Each location's opening hours, fetched for all the locations at once."""
        return self.prefetch_related("hours")

    def with_maps(self):
        """Each location's map and its copies, fetched for all the locations at once."""
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
    latitude = coordinate_field(
        90,
        "Where the entrance is, e.g. 34.145800 (in Google Maps: right-click the entrance and "
        "click the numbers). Tells search engines where to put the pin.",
    )
    longitude = coordinate_field(180, "e.g. -118.144600 (west of Greenwich is negative).")
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
        help_text="For doctors sending referrals and records, e.g. (626) 555-0142.",
    )
    map = picture_field()
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
    is_published = published_field(
        "Untick to take the location off the contact page without deleting it.",
        verbose_name="shown on the site",
    )
    is_demo = models.BooleanField(
        "sample details",
        default=False,
        help_text="While ticked, the contact page says that this location's street address, "
        "map, hours and directions are samples. Untick once they are the real ones.",
    )
    order = order_field()
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
    def phone_tel(self):
        return to_tel(self.phone)

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

        Reads the prefetched hours (`with_hours()`).
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

    def validate_constraints(self, exclude=None):
        # clean() says in staff's words what the check constraint refuses; without this they
        # would also read "Constraint “opening_hours_open_before_close_or_closed” is violated."
        super().validate_constraints(exclude={*(exclude or ()), "opens", "closes", "closed"})

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
