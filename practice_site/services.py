"""Actions with side effects for the practice's own records: locations, pictures, videos.

Pictures go through the gallery's upload pipeline (`gallery.services.process_upload`: judged by
content, size and pixel caps, metadata stripped, upright, sRGB, fresh WebP renditions); only the
storage differs, because these pictures are public and belong to no patient's consent.
"""

import io

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image

from gallery.renditions import rendition, resize
from gallery.services import ImageKind, store_renditions

from .models import Picture, PracticeProfile, new_media_key


@transaction.atomic
def adopt_first_location(location):
    """Make `location` the practice's main location if it has none yet (the first one added)."""
    profile = PracticeProfile.objects.filter(pk=1, main_location__isnull=True).first()
    if profile is not None:
        profile.main_location = location
        profile.save(update_fields=["main_location", "updated_at"])


# A logo is wide and may be small; a transparent background becomes white (the header's colour).
LOGO = ImageKind(
    plural="Logos",
    min_side=60,
    max_ratio=8,
    proportions="A logo can be at most {ratio} times as wide as it is tall. Trim the empty "
    "space around it and upload it again.",
)
# A map is read, so it must be big enough to read; the contact page shows it up to 36rem wide.
MAP = ImageKind(
    plural="Maps",
    min_side=320,
    max_ratio=3,
    proportions="A map can be at most {ratio} times as wide as it is tall. Crop it to the "
    "streets around the practice and upload it again.",
)


# Below the pipeline's smallest width (320): portraits are also shown as small as a thumbnail,
# and each picture is served at the size it is shown.
SMALL_WIDTHS = (160, 240)


def _small_renditions(processed):
    """Narrower copies made from the largest (already clean) rendition."""
    smallest = processed.renditions[0].width
    widths = [w for w in SMALL_WIDTHS if w < smallest * 0.9]
    if not widths:
        return []
    with Image.open(io.BytesIO(processed.largest.data), formats=["WEBP"]) as source:
        source = source.convert("RGB")
        return [rendition(resize(source, width)) for width in widths]


def save_picture(processed):
    """Store a processed upload's renditions under a random name; returns the new Picture."""
    largest = processed.largest
    picture = Picture.objects.create(width=largest.width, height=largest.height)
    renditions = [*_small_renditions(processed), *processed.renditions]
    return store_renditions(picture, renditions, "pictures")


def delete_pictures(pictures):
    """Delete pictures; their files go once the transaction commits (see signals.py)."""
    Picture.objects.filter(pk__in=[p.pk for p in pictures if p is not None]).delete()


@transaction.atomic
def set_picture(obj, field, processed):
    """Give `obj` (the profile, a location, a provider) a new picture in `field` from a
    processed upload, or none; the old picture and its files are deleted once this commits."""
    old = getattr(obj, field)
    setattr(obj, field, save_picture(processed) if processed else None)
    obj.save()
    if old is not None:
        delete_pictures([old])


def _store_video_file(key, clean):
    name = default_storage.save(f"videos/{key}.mp4", File(clean.file, name=f"{key}.mp4"))
    clean.file.close()
    return name


def save_video(video, clean=None, poster=None, captions=None, remove_captions=False):
    """Store what the video form brought: a CleanVideo, a processed poster, captions text.

    `video` is a ProviderVideo, new or existing, with its text fields set. Files replaced here
    are deleted once the transaction commits; a new file is written before its row, and
    removed again if the row cannot be saved.
    """
    written, replaced_files, replaced_poster = [], [], None
    try:
        with transaction.atomic():
            if clean is not None:
                if video.file:
                    replaced_files.append(video.file.name)
                video.key = new_media_key()
                name = _store_video_file(video.key, clean)
                written.append(name)
                video.file = name
                video.size, video.width, video.height = clean.size, clean.width, clean.height
                video.duration, video.has_sound = clean.duration, clean.has_sound
                video.uploaded_at = timezone.now()
                if video.captions:  # captions belong to the film they were written for
                    replaced_files.append(video.captions.name)
                    video.captions = ""
            if captions is not None:
                if video.captions:
                    replaced_files.append(video.captions.name)
                name = default_storage.save(
                    f"videos/{video.key}.vtt", ContentFile(captions.encode("utf-8"))
                )
                written.append(name)
                video.captions = name
            elif remove_captions and video.captions:
                replaced_files.append(video.captions.name)
                video.captions = ""
            if poster is not None:
                if video.poster_id:
                    replaced_poster = video.poster
                video.poster = save_picture(poster)
            video.save()
            if replaced_poster is not None:
                delete_pictures([replaced_poster])
            for name in replaced_files:
                transaction.on_commit(lambda name=name: default_storage.delete(name))
    except Exception:
        for name in written:
            default_storage.delete(name)
        raise
    return video
