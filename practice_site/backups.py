"""One archive holds the whole site: a consistent database snapshot, the media files, a manifest.

`write_backup()` runs while the site serves. The database is snapshotted first (SQLite's online
backup API or `pg_dump`), then the media are read through the storage API (folder or bucket): a
photo uploaded meanwhile is at worst an extra file, and one deleted meanwhile fails the backup
(VanishedDuringBackup), which `manage.py backup` starts again. `restore_backup()` checks the
whole archive against its manifest first and restores only into an empty site.
"""

import contextlib
import gzip
import hashlib
import io
import json
import posixpath
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .backup_database import (
    CHUNK,
    DATABASE_FILES,
    BackupError,
    restore_database,
    snapshot,
    vendor_of,
)
from .health import PROBE_FOLDER

FORMAT = "practice-site-backup"
VERSION = 1
MANIFEST = "manifest.json"
AGE_HEADER = b"age-encryption.org/"


@dataclass
class Summary:
    vendor: str = ""
    database_bytes: int = 0
    media_files: int = 0
    media_bytes: int = 0
    pending_migrations: list = field(default_factory=list)


# --- shared helpers ---


def _private_dir(prefix):
    """A temporary folder only this user can read (the archive holds health information)."""
    return tempfile.mkdtemp(prefix=prefix)  # mkdtemp creates it 0700


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_names(storage=None):
    """Every stored media file's name (`gallery/ab/…webp`), sorted; health probes left out."""
    storage = storage or default_storage
    names = []

    def walk(folder):
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # a local media folder that was never created
            return
        for name in files:
            names.append(posixpath.join(folder, name) if folder else name)
        for sub in folders:
            if not folder and sub == PROBE_FOLDER:
                continue
            walk(posixpath.join(folder, sub) if folder else sub)

    walk("")
    return sorted(names)


# --- backup ---


def _applied_migrations(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        raise BackupError("The database has no tables yet: there is nothing to back up.")
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


class _HashingReader:
    """Reads from `source`, keeping a SHA-256 and a count of what went by (tarfile reads it)."""

    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


class VanishedDuringBackup(BackupError):
    """A media file was deleted while the backup ran: the snapshot may still refer to it."""

    def __init__(self, name):
        super().__init__(
            f"The media file {name} was deleted while the backup ran, so the archive could lack "
            "a file its database uses. Run the backup again."
        )


def _add(tar, name, reader, size, mtime):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    info.mode = 0o600
    hashing = _HashingReader(reader)
    tar.addfile(info, hashing)
    if hashing.size != size:  # tarfile would have raised, but say it plainly
        raise BackupError(f"{name} changed size while it was being archived.")
    return {"size": size, "sha256": hashing.digest.hexdigest()}


def write_backup(output, *, using=DEFAULT_DB_ALIAS, storage=None):
    """Write one archive to the binary file object `output`. Returns a Summary."""
    storage = storage or default_storage
    connection = connections[using]
    vendor = vendor_of(connection)
    connection.ensure_connection()
    migrations = _applied_migrations(connection)
    summary = Summary(vendor=vendor)
    files = {}
    now = time.time()
    workdir = _private_dir("practice-backup-")
    try:
        database_file = Path(workdir) / "database"
        before = set(media_names(storage))
        snapshot(connection, database_file)
        summary.database_bytes = database_file.stat().st_size
        with (
            gzip.GzipFile(fileobj=output, mode="wb", compresslevel=6, mtime=0) as compressed,
            tarfile.open(fileobj=compressed, mode="w|") as tar,
        ):
            member = DATABASE_FILES[vendor]
            with open(database_file, "rb") as handle:
                files[member] = _add(tar, member, handle, summary.database_bytes, now)
            database_file.unlink()
            names = media_names(storage)
            if gone := sorted(before.difference(names)):
                raise VanishedDuringBackup(gone[0])
            for name in names:
                try:
                    size = storage.size(name)
                    handle = storage.open(name, "rb")
                except FileNotFoundError:
                    raise VanishedDuringBackup(name) from None
                with handle:
                    files[f"media/{name}"] = _add(tar, f"media/{name}", handle, size, now)
                summary.media_files += 1
                summary.media_bytes += size
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().isoformat(),
                "database": {"vendor": vendor, "file": member},
                "migrations": migrations,
                "media": {"files": summary.media_files, "bytes": summary.media_bytes},
                "files": files,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            _add(tar, MANIFEST, io.BytesIO(data), len(data), now)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return summary


# --- restore ---


def _safe_member_name(name):
    """The archive member's name if it is one we write, else None (no '..', no absolute path)."""
    normal = posixpath.normpath(name)
    if normal != name or normal.startswith(("/", "../")) or "/../" in normal:
        return None
    if name == MANIFEST or name in DATABASE_FILES.values() or name.startswith("media/"):
        return name
    return None


def _extract(archive, workdir):
    """Unpacks the archive (a binary stream) into `workdir`; returns {name: path}."""
    found = {}
    if not hasattr(archive, "peek"):
        archive = io.BufferedReader(archive)
    if archive.peek(len(AGE_HEADER)).startswith(AGE_HEADER):
        raise BackupError(
            "This archive is encrypted with age: give the private key with --age-identity FILE."
        )
    try:
        with tarfile.open(fileobj=archive, mode="r|*") as tar:
            for member in tar:
                name = _safe_member_name(member.name)
                if name is None or not member.isfile():
                    raise BackupError(
                        f"The archive contains {member.name!r}, which a site backup never "
                        "holds. It was not made by `manage.py backup`; nothing was restored."
                    )
                path = Path(workdir) / f"{len(found):06d}"
                with tar.extractfile(member) as source, open(path, "wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
                found[name] = path
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            f"The archive cannot be read ({error}). It is damaged or incomplete, or it is "
            "still encrypted; nothing was restored."
        ) from error
    return found


def _check_manifest(found):
    if MANIFEST not in found:
        raise BackupError("The archive has no manifest: it is incomplete. Nothing was restored.")
    try:
        manifest = json.loads(found[MANIFEST].read_bytes())
    except ValueError as error:
        raise BackupError("The archive's manifest is damaged. Nothing was restored.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("This is not a backup of this site (unknown format).")
    listed = manifest["files"]
    present = set(found) - {MANIFEST}
    missing = sorted(set(listed) - present)
    extra = sorted(present - set(listed))
    if missing or extra:
        raise BackupError(
            f"The archive does not match its manifest ({len(missing)} file(s) missing, "
            f"{len(extra)} unexpected), e.g. {(missing or extra)[0]}. Nothing was restored."
        )
    for name, expected in listed.items():
        path = found[name]
        if path.stat().st_size != expected["size"] or _sha256_file(path) != expected["sha256"]:
            raise BackupError(
                f"{name} in the archive does not match its checksum: the archive is damaged. "
                "Nothing was restored."
            )
    return manifest


def _check_migrations(manifest):
    """Refuses an archive from newer code; returns migrations the code has that it lacks."""
    disk = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    archived = set(manifest["migrations"])
    unknown = sorted(archived - disk)
    if unknown:
        raise BackupError(
            f"This archive was made by a newer version of the site (it has migration "
            f"{unknown[0]}, which this code does not). Install that version, then restore."
        )
    return sorted(disk - archived)


def _check_empty_site(connection, storage):
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database is not empty ({len(tables)} tables). Restore only into a new, empty "
            "database: create one (or remove the SQLite file), point the settings at it and "
            "run restore again, without `migrate`. Nothing was changed."
        )
    existing = media_names(storage)
    if existing:
        raise BackupError(
            f"The media storage is not empty ({len(existing)} files, e.g. {existing[0]}). "
            "Restore only into an empty media folder or bucket. Nothing was changed."
        )


def restore_backup(archive, *, using=DEFAULT_DB_ALIAS, storage=None):
    """Restore the archive read from the binary stream `archive` into an empty site."""
    storage = storage or default_storage
    connection = connections[using]
    vendor = vendor_of(connection)
    workdir = _private_dir("practice-restore-")
    try:
        found = _extract(archive, workdir)
        manifest = _check_manifest(found)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"This archive holds a {manifest['database']['vendor']} database, but the site "
                f"is configured for {vendor}. Nothing was changed."
            )
        pending = _check_migrations(manifest)
        if vendor == "sqlite":  # a new site's folder may not exist yet
            Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        _check_empty_site(connection, storage)

        database = found[manifest["database"]["file"]]
        restore_database(connection, database)

        summary = Summary(vendor=vendor, database_bytes=database.stat().st_size)
        summary.pending_migrations = pending
        media = {n: v for n, v in manifest["files"].items() if n.startswith("media/")}
        for member, expected in sorted(media.items()):
            name = member.removeprefix("media/")
            with open(found[member], "rb") as handle:
                saved = storage.save(name, File(handle, name=posixpath.basename(name)))
            if saved != name:
                storage.delete(saved)
                raise BackupError(f"Media file {name} could not be restored under its own name.")
            # Read back what the storage now holds: the copy is proven, not assumed.
            digest = hashlib.sha256()
            with storage.open(name, "rb") as stored:
                for chunk in iter(lambda s=stored: s.read(CHUNK), b""):
                    digest.update(chunk)
            if digest.hexdigest() != expected["sha256"]:
                raise BackupError(f"Media file {name} reads back differently after restoring.")
            summary.media_files += 1
            summary.media_bytes += expected["size"]
        return summary
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def age_process(arguments, *, stdin=None, stdout=None):
    """`age` with the given arguments (encrypting or decrypting a stream)."""
    program = shutil.which("age")
    if program is None:
        raise BackupError("age is not installed (Debian: apt-get install age).")
    process = subprocess.Popen(  # noqa: S603 (fixed program, our arguments)
        [program, *arguments], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE
    )
    try:
        yield process
    finally:
        if process.stdin and not process.stdin.closed:
            process.stdin.close()
        if process.stdout and not process.stdout.closed:
            # Drain, so that age never blocks writing what nobody reads.
            process.stdout.read()
            process.stdout.close()
        error = process.stderr.read().decode(errors="replace").strip()
        process.stderr.close()
        if process.wait() != 0:
            raise BackupError(f"age failed: {error}")
