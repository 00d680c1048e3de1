"""`clean_gallery_files`: photo files left by a rolled-back upload are deleted, nothing else."""

import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from gallery.models import Rendition

from . import images

pytestmark = pytest.mark.django_db


class Aborted(Exception):
    pass


def age(name, hours):
    path = default_storage.path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def stored_files():
    folders, _ = default_storage.listdir("gallery")
    return sorted(
        f"gallery/{folder}/{name}"
        for folder in folders
        for name in default_storage.listdir(f"gallery/{folder}")[1]
    )


def run(*args):
    out = io.StringIO()
    call_command("clean_gallery_files", *args, stdout=out)
    return out.getvalue()


def test_files_of_a_rolled_back_upload_are_deleted_and_kept_photos_stay():
    kept = images.real_photo()
    with pytest.raises(Aborted), transaction.atomic():
        images.real_photo(images.jpeg())
        raise Aborted  # e.g. the admin's save failed after the photo was written
    kept_files = sorted(Rendition.objects.filter(photo=kept).values_list("file", flat=True))
    orphans = sorted(set(stored_files()) - set(kept_files))
    assert orphans, "the rolled-back upload should have left files behind"
    for name in stored_files():
        age(name, hours=2)

    assert run("--dry-run") == f"Would delete {len(orphans)} unused photo file(s).\n"
    assert sorted(stored_files()) == sorted(kept_files + orphans)
    assert run() == f"Deleted {len(orphans)} unused photo file(s).\n"
    assert stored_files() == kept_files


def test_a_file_written_in_the_last_hour_is_left_for_its_upload_to_finish():
    with pytest.raises(Aborted), transaction.atomic():
        images.real_photo()
        raise Aborted
    assert stored_files()
    assert run() == "Deleted 0 unused photo file(s).\n"
    assert stored_files()


def test_nothing_to_do_on_a_site_without_photos():
    assert run() == "Deleted 0 unused photo file(s).\n"
