"""File clean-up: Django never deletes stored files by itself.

Receivers rather than service calls, because cases and pairs also disappear through cascades
(deleting a case in admin deletes its pairs) that no service function sees.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Photo, PhotoPair, Rendition
from .stored_images import delete_file_on_commit


@receiver(post_delete, sender=PhotoPair)
def delete_pair_photos(sender, instance, **kwargs):
    """A pair's photos belong to it alone: they go with it."""
    Photo.objects.filter(pk__in=[instance.before_id, instance.after_id]).delete()


@receiver(post_delete, sender=Rendition)
def delete_rendition_file(sender, instance, **kwargs):
    delete_file_on_commit(instance.file)
