"""Images kept only as WebP renditions under opaque names: the abstract models behind gallery's
photos and practice_site's pictures."""

import secrets

from django.db import models, transaction
from django.urls import reverse


def delete_file_on_commit(field_file):
    """Remove a stored file once its row's deletion is committed, so a rollback loses nothing."""
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def new_photo_key():
    """An opaque name for a stored file: 128 random bits, nothing from the uploaded file."""
    return secrets.token_hex(16)


class StoredImage(models.Model):
    """An image kept only as WebP renditions (`self.renditions`) under an opaque name: gallery's
    Photo and practice_site's Picture. {% photo_img %} reads what it defines."""

    key = models.CharField(max_length=32, unique=True, editable=False, default=new_photo_key)
    width = models.PositiveIntegerField(help_text="Width of the largest rendition, in pixels.")
    height = models.PositiveIntegerField(help_text="Height of the largest rendition, in pixels.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        kind = self._meta.verbose_name.capitalize()
        return f"{kind} {self.key[:8]} ({self.width}×{self.height})"

    @property
    def sorted_renditions(self):
        # Sorted in Python so that prefetched renditions cost no further query.
        return sorted(self.renditions.all(), key=lambda r: r.width)

    @property
    def srcset(self):
        return ", ".join(f"{r.url} {r.width}w" for r in self.sorted_renditions)

    def rendition_near(self, width):
        """The smallest rendition at least `width` wide, or the largest there is."""
        renditions = self.sorted_renditions
        for rendition in renditions:
            if rendition.width >= width:
                return rendition
        return renditions[-1] if renditions else None

    @property
    def thumbnail(self):
        return self.rendition_near(160)


class StoredRendition(models.Model):
    """One WebP width of a StoredImage, made once at upload. A concrete rendition names its
    foreign key to the image (`image_field`) and the view that serves it (`url_name`)."""

    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(max_length=200, editable=False)

    image_field = ""
    url_name = ""

    class Meta:
        abstract = True
        ordering = ["width"]

    def __str__(self):
        return f"{self.image} at {self.width}px"

    @property
    def image(self):
        return getattr(self, self.image_field)

    @property
    def url(self):
        return reverse(self.url_name, kwargs={"key": self.image.key, "width": self.width})
