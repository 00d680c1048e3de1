"""Restore an archive written by `manage.py backup` into an empty site.

    manage.py restore practice-20260102-031500.tar.gz
    manage.py restore --age-identity key.txt practice-20260102-031500.tar.gz.age
    … | manage.py restore -

The archive is checked against its manifest first; the database must have no tables (do not run
`migrate` before) and the media storage no files. Anything else is refused and left unchanged.
"""

import subprocess
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from practice_site import backups


class Command(BaseCommand):
    help = "Restore a backup archive (database and media files) into an empty site."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive file, or - for standard input.")
        parser.add_argument(
            "--age-identity",
            metavar="FILE",
            help="Decrypt an age-encrypted archive with the private key in FILE.",
        )

    def handle(self, *args, archive, age_identity=None, **options):
        if archive != "-" and not Path(archive).is_file():
            raise CommandError(f"There is no archive at {archive}.")
        if age_identity and not Path(age_identity).is_file():
            raise CommandError(f"The age identity file {age_identity} does not exist.")
        try:
            summary = self._restore(archive, age_identity)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {summary.vendor} database and {summary.media_files} media files; "
            "every file matched the archive's checksums."
        )
        if summary.pending_migrations:
            self.stdout.write(
                f"This code has {len(summary.pending_migrations)} migration(s) the archive "
                "predates: run `manage.py migrate` next."
            )

    def _restore(self, archive, age_identity):
        source = sys.stdin.buffer if archive == "-" else open(archive, "rb")  # noqa: SIM115
        try:
            if age_identity:
                with backups.age_process(
                    ["--decrypt", "--identity", age_identity], stdin=source, stdout=subprocess.PIPE
                ) as age:
                    return backups.restore_backup(age.stdout)
            return backups.restore_backup(source)
        finally:
            if source is not sys.stdin.buffer:
                source.close()
