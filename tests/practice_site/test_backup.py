"""`manage.py backup` and `restore`: what an archive holds, and every way restore says no.

Restoring into an empty site, while consultation posts arrive, is proven end to end in
tests/deploy/test_backup_restore.py; these tests run in-process against the test database.
"""

import io
import json
import shutil
import subprocess
import tarfile

import pytest
from django.core.management import CommandError, call_command

from consultations.models import ConsultationRequest
from gallery import services
from gallery.models import Case, PhotoConsent, PhotoPair, Rendition
from tests.gallery import images

pytestmark = pytest.mark.django_db


def case_with_photos(title):
    """A public case with one pair of real photos (files in MEDIA_ROOT)."""
    case = Case.objects.create(title=title, description="What changed.", is_published=True)
    PhotoConsent.objects.create(case=case, signed_on="2024-05-02")
    PhotoPair.objects.create(
        case=case,
        label="At rest",
        before=services.upload_photo(images.upload("before.jpg", images.jpeg())),
        after=services.upload_photo(images.upload("after.jpg", images.jpeg())),
        before_alt="Before.",
        after_alt="After.",
    )
    return case


@pytest.fixture
def archive(tmp_path):
    case_with_photos("Backed-up case")
    path = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(path), unencrypted=True, stdout=out)
    assert "media files" in out.getvalue()
    return path


def members(path):
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def rewrite(path, target, change):
    """A copy of the archive with `change(members)` applied (to damage it on purpose)."""
    contents = members(path)
    change(contents)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def restore(path, **options):
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), stdout=io.StringIO(), **options)
    return str(error.value)


def test_archive_holds_database_media_and_a_manifest_of_checksums(archive, settings):
    assert archive.stat().st_mode & 0o777 == 0o600
    contents = members(archive)
    manifest = json.loads(contents.pop("manifest.json"))
    assert set(contents) == set(manifest["files"])
    files = {r.file.name for r in Rendition.objects.all()}
    assert files and {f"media/{name}" for name in files} <= set(contents)
    for name in files:
        assert contents[f"media/{name}"] == (settings.MEDIA_ROOT / name).read_bytes()
    database = [name for name in contents if name.startswith("database/")]
    assert len(database) == 1 and manifest["database"]["file"] == database[0]
    assert "gallery.0001_initial" in manifest["migrations"]
    assert manifest["media"]["files"] == len(files)


def test_restore_refuses_a_site_that_is_not_empty(archive, practice):
    before = ConsultationRequest.objects.count(), Rendition.objects.count()
    message = restore(archive)
    assert "The database is not empty" in message and "Nothing was changed" in message
    assert (ConsultationRequest.objects.count(), Rendition.objects.count()) == before


def test_restore_refuses_a_damaged_archive_before_touching_anything(archive, tmp_path):
    def flip_a_byte(contents):
        name = next(n for n in contents if n.startswith("media/"))
        data = bytearray(contents[name])
        data[len(data) // 2] ^= 0xFF
        contents[name] = bytes(data)

    message = restore(rewrite(archive, tmp_path / "damaged.tar.gz", flip_a_byte))
    assert "does not match its checksum" in message

    def drop_a_file(contents):
        del contents[next(n for n in contents if n.startswith("media/"))]

    message = restore(rewrite(archive, tmp_path / "short.tar.gz", drop_a_file))
    assert "does not match its manifest (1 file(s) missing" in message

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert "damaged or incomplete" in restore(truncated)


def test_restore_refuses_members_a_backup_never_holds(archive, tmp_path):
    def add_escape(contents):
        contents["media/../../etc/cron.d/evil"] = b"* * * * * root true\n"

    message = restore(rewrite(archive, tmp_path / "evil.tar.gz", add_escape))
    assert "which a site backup never holds" in message


def test_restore_refuses_an_archive_from_newer_code(archive, tmp_path):
    def newer(contents):
        manifest = json.loads(contents["manifest.json"])
        manifest["migrations"].append("gallery.9999_from_the_future")
        contents["manifest.json"] = json.dumps(manifest).encode()

    message = restore(rewrite(archive, tmp_path / "newer.tar.gz", newer))
    assert "made by a newer version of the site" in message
    assert "gallery.9999_from_the_future" in message


def test_backup_never_overwrites_an_archive(archive):
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=str(archive), unencrypted=True, stdout=io.StringIO())


def test_an_archive_file_is_written_encrypted_or_plain_only_when_asked(tmp_path, settings):
    """The release step once ran `backup` bare: plain archives of every request piled up beside
    the encrypted ones, which alone the nightly clean-up deletes."""
    settings.BACKUP_DIR = tmp_path / "backups"
    with pytest.raises(CommandError, match="--age-recipients /etc/practice/backup-recipients.txt"):
        call_command("backup", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--unencrypted"):
        call_command("backup", output=str(tmp_path / "named.tar.gz"), stdout=io.StringIO())
    assert not settings.BACKUP_DIR.exists() and not (tmp_path / "named.tar.gz").exists()
    out = io.StringIO()
    call_command("backup", unencrypted=True, stdout=out)
    (archive,) = settings.BACKUP_DIR.iterdir()
    assert archive.name.endswith(".tar.gz") and str(archive) in out.getvalue()
    assert "manifest.json" in members(archive)


def test_encrypted_archive_round_trip_needs_the_key(tmp_path):
    """age (Debian's `age` package) encrypts the archive; restore decrypts it with the key."""
    for program in ("age", "age-keygen"):
        if shutil.which(program) is None:
            pytest.fail("age is not installed: apt-get install -y age (`make test` does it)")
    key = tmp_path / "key.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    recipients = tmp_path / "recipients.txt"
    recipients.write_text(
        subprocess.run(
            ["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True
        ).stdout
    )
    case_with_photos("Encrypted case")
    path = tmp_path / "site.tar.gz.age"
    call_command("backup", output=str(path), age_recipients=str(recipients), stdout=io.StringIO())
    assert path.read_bytes().startswith(b"age-encryption.org/v1")
    assert b"Encrypted case" not in path.read_bytes()

    assert "encrypted with age" in restore(path)
    other = tmp_path / "other-key.txt"
    subprocess.run(["age-keygen", "-o", str(other)], check=True, capture_output=True)
    assert "age failed" in restore(path, age_identity=str(other))
    # The right key decrypts it; the archive is whole, so only the non-empty site stops it.
    assert "The database is not empty" in restore(path, age_identity=str(key))


def deleting_a_photo_after_the_first_snapshot(monkeypatch):
    """Staff delete a case's photos while the first backup runs, just after its database
    snapshot: the rows go, then (once that commits) their files."""
    from django.core.files.storage import default_storage

    from practice_site import backups

    snapshots = []

    def snapshot(connection, target):
        backups_snapshot(connection, target)
        snapshots.append(target)
        if len(snapshots) == 1:
            pair = PhotoPair.objects.get()
            files = [r.file.name for r in Rendition.objects.filter(photo=pair.before)]
            Case.objects.all().delete()  # with its pair and photos
            for name in files:
                default_storage.delete(name)

    backups_snapshot = backups.snapshot
    monkeypatch.setattr(backups, "snapshot", snapshot)
    return snapshots


def test_a_photo_deleted_during_the_backup_fails_it_rather_than_leave_it_out(tmp_path, monkeypatch):
    from practice_site import backups

    case_with_photos("Deleted during the backup")
    deleting_a_photo_after_the_first_snapshot(monkeypatch)
    with (
        pytest.raises(backups.VanishedDuringBackup) as vanished,
        open(tmp_path / "site.tar.gz", "wb") as output,
    ):
        backups.write_backup(output)
    assert "was deleted while the backup ran" in str(vanished.value)


def test_the_backup_command_starts_again_and_its_archive_is_whole(tmp_path, monkeypatch):
    from practice_site import backups

    case_with_photos("Deleted during the backup")
    snapshots = deleting_a_photo_after_the_first_snapshot(monkeypatch)
    path = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(path), unencrypted=True, stdout=out)
    assert len(snapshots) == 2 and "Backed up" in out.getvalue()
    assert not (tmp_path / "site.tar.gz.partial").exists()
    # Written after the deletion: every file stored now, and no promise of the deleted ones.
    media = {name for name in members(path) if name.startswith("media/")}
    assert media == {f"media/{name}" for name in backups.media_names()}
