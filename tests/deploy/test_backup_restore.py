"""A backup taken while patients' requests arrive, restored into a fresh site, compared in full.

The source is a practice with gallery cases (photos made by the real upload pipeline) on
gunicorn with production settings and this run's kind of database (an SQLite file, or
PostgreSQL with TEST_DB=postgres). Three visitors post consultation requests without pause;
`manage.py backup` runs in the middle of it; the archive is restored into a new folder (and a
new database) with `manage.py restore`, and every request, staff note, consent record, case,
photo, pair and rendition is compared with the source, file bytes included. The restored site
then serves the gallery.
"""

import hashlib
import itertools
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .backing import run_database
from .client import Client, send_consultation
from .processes import wait_for
from .servers import SETUP_CONTENT, Site

pytestmark = pytest.mark.deploy

MODELS = [
    "consultations.consultationrequest",
    "consultations.staffnote",
    "gallery.case",
    "gallery.photoconsent",
    "gallery.photo",
    "gallery.photopair",
    "gallery.rendition",
]
POSTERS = 3
BEFORE_STREAM = 8  # requests (with staff notes) already there when posting starts

CASES = """
import io
from datetime import date
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from gallery.models import Case, PhotoConsent, PhotoPair
from gallery.services import upload_photo
from procedures.models import Procedure

def photo(name, colour):
    image = Image.linear_gradient("L").resize((1000, 750)).convert("RGB")
    image.paste(colour, (0, 0, 500, 375))
    data = io.BytesIO()
    image.save(data, "JPEG", quality=88)
    return upload_photo(SimpleUploadedFile(name, data.getvalue(), "image/jpeg"))

for number in range(4):
    case = Case.objects.create(
        title=f"Case {number}", description="What changed.", is_published=True
    )
    case.procedures.set(Procedure.objects.all())
    PhotoConsent.objects.create(case=case, signed_on=date(2024, 5, 2), form_reference=f"F-{number}")
    PhotoPair.objects.create(
        case=case, label="At rest",
        before=photo("before.jpg", (180, 40 * number, 40)),
        after=photo("after.jpg", (40, 40 * number, 180)),
        before_alt="Before.", after_alt="After.",
    )
"""

NOTES = """
from consultations.models import ConsultationRequest, StaffNote
from django.contrib.auth.models import User
from gallery.models import Case
from gallery.services import record_consent_revocation
author = User.objects.create_user("frontdesk", password="a-long-front-desk-password")
for number, request in enumerate(ConsultationRequest.objects.order_by("pk")):
    StaffNote.objects.create(request=request, author=author, text=f"Called back, note {number}.")
    request.status = ConsultationRequest.Status.CONTACTED
    request.save(update_fields=["status"])
record_consent_revocation([Case.objects.order_by("number").first()])
"""


def dump(site):
    """{model: {pk: fields}} of the compared models, read with dumpdata."""
    records = json.loads(site.manage("dumpdata", *MODELS).stdout)
    found = {model: {} for model in MODELS}
    for record in records:
        found[record["model"]][record["pk"]] = record["fields"]
    return found


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Posters:
    """Visitors posting consultation requests until told to stop; every answer is recorded."""

    def __init__(self, site, start_number):
        self.site = site
        self.numbers = itertools.count(start_number)
        self.results = []  # (number, status, sent at, answered at)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run) for _ in range(POSTERS)]

    def run(self):
        client = Client(self.site.port, extra_headers={"X-Forwarded-Proto": "https"})
        while not self.stop.is_set():
            with self.lock:
                number = next(self.numbers)
            sent = time.monotonic()
            try:
                status = send_consultation(client, number).status
            except OSError:
                status = None
            with self.lock:
                self.results.append((number, status, sent, time.monotonic()))

    def accepted(self, since=0.0):
        with self.lock:
            return [r for r in self.results if r[1] == 302 and r[2] >= since]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)


def test_backup_while_posts_arrive_restores_identically_into_a_fresh_site(
    tmp_path, static_root, migrated
):
    common = {"CONSULTATION_RATE_LIMIT": "false", "CONSULTATION_MIN_FILL_SECONDS": "0"}
    source = Site(
        tmp_path / "source",
        static_root=static_root,
        database_url=run_database("backup_source"),
        extra_env={**common, "GUNICORN_WORKERS": "3"},
    )
    migrated(source)
    source.shell(SETUP_CONTENT + CASES)  # one Django start-up for both
    source.start()
    archive = tmp_path / "practice.tar.gz"
    try:
        client = Client(source.port, extra_headers={"X-Forwarded-Proto": "https"})
        assert all(send_consultation(client, n).status == 302 for n in range(BEFORE_STREAM))
        source.shell(NOTES)

        with Posters(source, start_number=1000) as posters:
            wait_for(lambda: len(posters.accepted()) >= 10, timeout=120, what="10 posts")
            backup_started = time.monotonic()
            output = source.manage("backup", "--unencrypted", "--output", str(archive)).stdout
            backup_finished = time.monotonic()
            wait_for(
                lambda: len(posters.accepted(since=backup_finished)) >= 10,
                timeout=120,
                what="10 posts after the backup",
            )
        results = posters.results
    finally:
        source.stop()

    target = Site(
        tmp_path / "restored",
        static_root=static_root,
        database_url=run_database("backup_restored"),
        extra_env=common,
    )
    # The source's rows are read while the archive is restored: two processes on two sites.
    with ThreadPoolExecutor(1) as reader:
        source_dump = reader.submit(dump, source)
        restored_output = target.manage("restore", str(archive)).stdout
        before = source_dump.result()
    assert "every file matched the archive's checksums" in restored_output
    after = dump(target)
    emails = {
        fields["email"]: pk for pk, fields in before["consultations.consultationrequest"].items()
    }

    def email(number):
        return f"deploy-{number}@example.com"

    accepted = [r for r in results if r[1] == 302]
    failed = [r for r in results if r[1] != 302]
    accepted_before = [r for r in accepted if r[3] < backup_started]
    accepted_after = [r for r in accepted if r[2] > backup_finished]
    restored_requests = after["consultations.consultationrequest"]

    # Nothing the site accepted was lost, and the backup did not disturb anyone's post.
    assert failed == []
    assert all(email(number) in emails for number, *_ in accepted)
    # The snapshot holds every request accepted before the backup began and none sent after it,
    # each exactly as stored (consent text, version and time included).
    for number, *_ in accepted_before:
        assert emails[email(number)] in restored_requests
    for number, *_ in accepted_after:
        assert emails[email(number)] not in restored_requests
    settled = {emails[email(number)] for number, *_ in accepted_before}
    settled |= {emails[email(number)] for number in range(BEFORE_STREAM)}
    for pk, fields in restored_requests.items():
        source_fields = before["consultations.consultationrequest"][pk]
        if pk not in settled:
            # Sent while the backup ran: its staff email was being tried after the snapshot
            # was taken, so only the notification's progress may differ from the source.
            fields = {k: v for k, v in fields.items() if not k.startswith("notifi")}
            source_fields = {k: v for k, v in source_fields.items() if k in fields}
        assert fields == source_fields
    # Everything that did not change during the backup is identical.
    for model in MODELS[1:]:
        assert after[model] == before[model], model
    assert len(after["consultations.staffnote"]) >= BEFORE_STREAM

    # Every rendition's file, byte for byte.
    files = [fields["file"] for fields in after["gallery.rendition"].values()]
    for name in files:
        assert sha256(target.folder / "media" / name) == sha256(source.folder / "media" / name)
    source_files = sorted(
        p.relative_to(source.folder / "media")
        for p in (source.folder / "media").rglob("*")
        if p.is_file()
    )
    target_files = sorted(
        p.relative_to(target.folder / "media")
        for p in (target.folder / "media").rglob("*")
        if p.is_file()
    )
    assert target_files == source_files

    # The restored site serves: health, the gallery and a photo.
    target.start()
    try:
        visitor = Client(target.port, extra_headers={"X-Forwarded-Proto": "https"})
        assert visitor.get("/healthz?checks=database,migrations,media").status == 200
        assert visitor.get("/gallery/").status == 200
        revoked = min(case["number"] for case in after["gallery.case"].values())
        case = next(c for c in after["gallery.case"].values() if c["number"] != revoked)
        page = visitor.get(f"/gallery/patient-{case['number']}/")
        assert page.status == 200
        photo = re.search(r'src="(/gallery/photos/[^"]+)"', page.text)[1]
        served = visitor.get(photo)
        assert served.status == 200
        assert hashlib.sha256(served.body).hexdigest() in {
            sha256(source.folder / "media" / name) for name in files
        }
        assert visitor.get(f"/gallery/patient-{revoked}/").status == 404
    finally:
        target.stop()

    figures = {
        "posts sent": len(results) + BEFORE_STREAM,
        "posts accepted": len(accepted) + BEFORE_STREAM,
        "posts failed": len(failed),
        "requests stored in the source": len(before["consultations.consultationrequest"]),
        "requests in the restored site": len(restored_requests),
        "accepted before the backup began": len(accepted_before) + BEFORE_STREAM,
        "accepted while it ran": len(accepted) - len(accepted_before) - len(accepted_after),
        "accepted after it finished": len(accepted_after),
        "backup seconds": round(backup_finished - backup_started, 2),
        "staff notes compared": len(after["consultations.staffnote"]),
        "consent records compared": len(after["gallery.photoconsent"]),
        "cases compared": len(after["gallery.case"]),
        "renditions compared": len(files),
        "media files restored": len(target_files),
        "backup said": output.strip(),
    }
    print("\nbackup while posting:", json.dumps(figures, indent=1))
