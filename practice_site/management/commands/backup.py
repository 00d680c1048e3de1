"""Write one archive of the site (database snapshot, media files, manifest) while it serves.

    manage.py backup --age-recipients FILE    # BACKUP_DIR/practice-YYYYmmdd-HHMMSS.tar.gz.age
    manage.py backup --unencrypted            # BACKUP_DIR/practice-YYYYmmdd-HHMMSS.tar.gz
    manage.py backup --output - | …           # to standard output

See practice_site/backups.py for what the archive holds and why it is consistent.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from practice_site import backups


def _megabytes(count):
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.0f} kB"


class Command(BaseCommand):
    help = "Back up the database and the media files into one archive (safe while serving)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive file to write, or - for standard output. Default: a new file in "
            "BACKUP_DIR named after the current time.",
        )
        parser.add_argument(
            "--age-recipients",
            metavar="FILE",
            help="Encrypt the archive with age for the public keys in FILE (one per line).",
        )
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help="Write an archive file without encryption (it holds every patient's request).",
        )

    def handle(self, *args, output=None, age_recipients=None, unencrypted=False, **options):
        if age_recipients and not Path(age_recipients).is_file():
            raise CommandError(f"The age recipients file {age_recipients} does not exist.")
        to_stdout = output == "-"
        if not (to_stdout or age_recipients or unencrypted):
            # A plain archive left on disk is every request in clear, and outlives retention.
            raise CommandError(
                "An archive holds every consultation request: encrypt it with --age-recipients "
                "FILE (on the server: --age-recipients /etc/practice/backup-recipients.txt), "
                "or give --unencrypted to write it in clear."
            )
        report = self.stderr if to_stdout else self.stdout
        if to_stdout:
            target = final = None
        else:
            if output:
                final = Path(output)
            else:
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
                suffix = ".tar.gz.age" if age_recipients else ".tar.gz"
                final = Path(settings.BACKUP_DIR) / f"practice-{stamp}{suffix}"
            if final.exists():
                raise CommandError(f"{final} already exists; choose another name.")
            final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = final.with_name(final.name + ".partial")
        try:
            summary = self._write_again_if_files_vanish(target, age_recipients)
        except backups.BackupError as error:
            if target is not None:
                target.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        except BaseException:
            if target is not None:
                target.unlink(missing_ok=True)
            raise
        if final is not None:
            os.replace(target, final)
        report.write(
            f"Backed up the {summary.vendor} database ({_megabytes(summary.database_bytes)}) "
            f"and {summary.media_files} media files ({_megabytes(summary.media_bytes)})"
            + (f" to {final}" if final else "")
            + (", encrypted with age." if age_recipients else ".")
        )

    def _write_again_if_files_vanish(self, target, age_recipients, attempts=3):
        """A photo deleted while the backup ran: a file can start again, a stream cannot."""
        for attempt in range(1, attempts + 1):
            try:
                return self._write(target, age_recipients)
            except backups.VanishedDuringBackup:
                if target is None or attempt == attempts:
                    raise
                target.unlink(missing_ok=True)

    def _write(self, target, age_recipients):
        if target is None:
            destination = sys.stdout.buffer
            close = False
        else:
            # Created readable by this user only: the archive holds health information.
            destination = os.fdopen(
                os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"
            )
            close = True
        try:
            if age_recipients:
                with backups.age_process(
                    ["--encrypt", "--recipients-file", age_recipients],
                    stdin=subprocess.PIPE,
                    stdout=destination,
                ) as age:
                    summary = backups.write_backup(age.stdin)
                    age.stdin.close()
            else:
                summary = backups.write_backup(destination)
            destination.flush()
            if close:
                os.fsync(destination.fileno())
            return summary
        finally:
            if close:
                destination.close()
