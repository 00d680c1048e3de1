"""File clean-up for pictures and videos: Django never deletes stored files by itself.

Receivers rather than service calls, because providers and videos also disappear through
cascades (deleting a provider deletes their video) that no service function sees. Files go only
once the deletion is committed, so a rollback loses nothing.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from gallery.stored_images import delete_file_on_commit

from .models import Location, Picture, PictureRendition, Provider, ProviderVideo


@receiver(post_delete, sender=PictureRendition)
def delete_rendition_file(sender, instance, **kwargs):
    delete_file_on_commit(instance.file)


@receiver(post_delete, sender=ProviderVideo)
def delete_video_files(sender, instance, **kwargs):
    delete_file_on_commit(instance.file)
    delete_file_on_commit(instance.captions)
    Picture.objects.filter(pk=instance.poster_id).delete()


@receiver(post_delete, sender=Provider)
def delete_portrait(sender, instance, **kwargs):
    Picture.objects.filter(pk=instance.portrait_id).delete()


@receiver(post_delete, sender=Location)
def delete_map(sender, instance, **kwargs):
    Picture.objects.filter(pk=instance.map_id).delete()
