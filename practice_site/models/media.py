"""The practice's own pictures and films: public, kept only in the forms the pipeline made."""

import re

from django.db import models
from django.urls import reverse

# One generator of opaque names for every stored file (migrations name it by this path too).
from gallery.stored_images import StoredImage, StoredRendition
from gallery.stored_images import new_photo_key as new_media_key


class Picture(StoredImage):
    """A photo of the practice (a provider's portrait, a video's poster frame, the logo, a map).

    Uploaded through the gallery's pipeline (validation, metadata stripped, upright, sRGB) and
    kept only as WebP renditions under a random name, like patients' photos. Unlike those, these
    are public: every rendition is served to anyone who has its address.
    """


def picture_field():
    """A model's own optional picture (a logo, a map, a portrait), uploaded through its admin
    form rather than chosen; deleting the picture leaves the model without one."""
    return models.OneToOneField(
        Picture,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class PictureRendition(StoredRendition):
    """One WebP width of a picture. Served by `pages:picture`."""

    picture = models.ForeignKey(Picture, on_delete=models.CASCADE, related_name="renditions")

    image_field = "picture"
    url_name = "pages:picture"

    class Meta(StoredRendition.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["picture", "width"], name="unique_picture_rendition_width"
            ),
        ]


class ProviderVideo(models.Model):
    """A short film about a provider, uploaded by staff and served by the site itself.

    No video host is involved: the page loads nothing from another site, before or after a
    visitor presses play. The file is an MP4 (H.264) checked and cleaned at upload
    (practice_site/video.py); a poster picture shows until it plays.
    """

    provider = models.OneToOneField("Provider", on_delete=models.CASCADE, related_name="video")
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
