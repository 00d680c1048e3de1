"""The demonstration practice: the files under demo/ (described in demo/README.md), stored the way
staff would store them.

`read()` checks every file before anything is written, and names the file at fault. The `load_*`
functions save through the models and the gallery's upload pipeline, like the admin does; each
returns False, and leaves the database alone, when its part of the site already has content.
"""

import re
import tomllib
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.utils import timezone

from gallery import services as gallery_services
from gallery.models import Case, PhotoConsent, PhotoPair
from procedures.models import FAQ, Condition, Procedure, ProcedureGroup, Section
from testimonials.models import Testimonial

from . import services as site_services
from . import video
from .models import (
    Credential,
    Location,
    OpeningHours,
    Page,
    PracticeProfile,
    Provider,
    ProviderVideo,
)
from .redirects import import_redirects

DEMO_DIR = Path(settings.BASE_DIR) / "demo"

# Front matter each kind of file may have: a trailing "?" marks what may be left out. A dict
# stands for a list of tables ([[photos]]) with those keys.
PROFILE = {
    **{key: str for key in ("practice_name", "phone")},
    **{f"{key}?": str for key in ("tagline", "short_name", "email", "areas_served")},
}
HOURS = {"days": list, "opens?": str, "closes?": str, "closed?": bool}
LOCATION = {
    **{key: str for key in ("name", "street_address", "locality", "region", "postal_code")},
    **{
        f"{key}?": str
        for key in ("suite", "country", "latitude", "longitude", "phone", "fax", "map", "map_alt")
    },
    "is_demo?": bool,
    "hours": HOURS,
}
# A location's text: a "# " heading per note, stored in these fields.
LOCATION_NOTES = {
    "Parking and access": "parking",
    "Public transport": "transit",
    "Holidays and exceptions": "hours_note",
}
PAGE = {"title": str, "search_title?": str, "meta_description": str}
GROUP = {"title": str, "summary": str, "meta_description": str, "old_addresses?": list}
PROCEDURE = {
    **{key: str for key in ("title", "summary", "meta_description")},
    **{f"{key}?": str for key in ("kind", "anesthesia", "hospital_stay", "recovery")},
}
CONDITION = {"title": str, "summary": str, "meta_description": str, "procedures": list}
QUESTION = {"question": str, "procedure?": str}
PHOTO_PAIR = {"label": str, "before": str, "after": str, "before_alt": str, "after_alt": str}
CASE = {
    "number": int,
    "title": str,
    "procedures": list,
    **{f"{key}?": str for key in ("age_range", "sex", "time_since_surgery")},
    "photos": PHOTO_PAIR,
}
CREDENTIAL = {"kind": str, "title": str, **{f"{key}?": str for key in ("detail", "year", "url")}}
VIDEO = {
    **{key: str for key in ("file", "poster", "title", "description")},
    **{f"{key}?": str for key in ("transcript", "captions")},
}
PROVIDER = {
    **{
        key: str
        for key in ("given_name", "family_name", "specialty", "short_bio", "portrait")
        + ("portrait_alt",)
    },
    **{f"{key}?": str for key in ("post_nominals", "medical_specialty", "languages")},
    "credentials?": CREDENTIAL,
    "video?": VIDEO,  # one [video] table
}
TESTIMONIAL = {
    "display_name": str,
    "rating": int,
    "days_ago": int,
    "featured?": bool,
    "procedure?": str,
}

NUMBERED = re.compile(r"(\d+)-([a-z0-9][a-z0-9-]*)$")
HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


class DemoFileError(CommandError):
    def __init__(self, path, message):
        if Path(path).is_relative_to(DEMO_DIR.parent):
            path = Path(path).relative_to(DEMO_DIR.parent)
        super().__init__(f"{path}: {message}")


@dataclass
class DemoFile:
    path: Path
    meta: dict
    body: str  # Markdown, as written

    @property
    def name(self):
        """The file or folder name without its order number: the slug where there is one."""
        folder_files = ("_group.md", "case.md", "provider.md")
        stem = self.path.parent.name if self.path.name in folder_files else None
        return NUMBERED.match(stem or self.path.stem).group(2)

    @property
    def text(self):
        """The body as plain text: lines of a paragraph joined, for fields that are not Markdown."""
        paragraphs = re.split(r"\n\s*\n", self.body.strip())
        return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)

    def get(self, key, default=""):
        return self.meta.get(key, default)


@dataclass
class Demo:
    profile: DemoFile
    locations: list
    old_addresses: Path
    pages: list
    providers: list
    groups: list  # (group file, its procedure files)
    conditions: list
    questions: list
    cases: list
    testimonials: list
    procedure_refs: set = field(default_factory=set)


def read_file(path, schema, expects_text=True):
    """A demo file's front matter (TOML between two "+++" lines), checked against `schema`.

    `expects_text=False`: a file that is a header only (the profile); text below it is refused
    rather than silently dropped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DemoFileError(path, f"cannot be read ({error})") from None
    head, sep, text_below = text.removeprefix("+++\n").partition("\n+++\n")
    if not text.startswith("+++\n") or not sep:
        raise DemoFileError(path, 'the header must sit between two lines that read "+++"')
    try:
        meta = tomllib.loads("\n" + head)  # the newline stands for "+++": line numbers match
    except tomllib.TOMLDecodeError as error:
        raise DemoFileError(path, f"the header is not valid TOML: {error}") from None
    _check(path, meta, schema)
    if not expects_text and text_below.strip():
        raise DemoFileError(path, "this file has no text below its header: remove it")
    if expects_text and not text_below.strip():
        raise DemoFileError(path, "the text below the header is empty")
    return DemoFile(path, meta, text_below.strip("\n") + "\n")


def _check(path, meta, schema, where=""):
    expected = {key.rstrip("?"): kind for key, kind in schema.items()}
    required = {key for key in schema if not key.endswith("?")}
    for key in meta.keys() - expected.keys():  # first: a misspelt key also looks missing
        known = ", ".join(expected)
        raise DemoFileError(path, f"{where}unknown key {key!r} in the header (known: {known})")
    for key in sorted(required - meta.keys()):
        raise DemoFileError(path, f"{where}{key!r} is missing from the header")
    for key, value in meta.items():
        kind = expected[key]
        if isinstance(kind, dict) and isinstance(value, dict):  # a single [table]
            _check(path, value, kind, where=f"[{key}]: ")
        elif isinstance(kind, dict):
            if not isinstance(value, list) or not value:
                raise DemoFileError(path, f"{where}{key!r} needs at least one [[{key}]] table")
            for n, item in enumerate(value, start=1):
                _check(path, item, kind, where=f"[[{key}]] number {n}: ")
        elif kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise DemoFileError(path, f'{where}{key!r} must be a list like ["a", "b"]')
        elif type(value) is not kind:
            raise DemoFileError(path, f"{where}{key!r} must be {kind.__name__}, not {value!r}")


def _numbered(folder, *, dirs=False):
    """The entries of `folder` named "<number>-<name>", in the order of their numbers."""
    if not folder.is_dir():
        raise DemoFileError(folder, "this folder is missing")
    found = []
    for path in folder.iterdir():
        if path.name.startswith((".", "_")) or path.is_dir() != dirs:
            continue
        match = NUMBERED.match(path.stem if not dirs else path.name)
        if not match or (not dirs and path.suffix != ".md"):
            example = "03-brow-lift" if dirs else "03-brow-lift.md"
            raise DemoFileError(path, f'name it "<number>-<name>", e.g. "{example}"')
        found.append((int(match.group(1)), path.name, path))
    return [path for *_, path in sorted(found)]


def read(root=None):
    """Every demo file, checked: headers, bodies, images and links between files."""
    root = root or DEMO_DIR
    groups = []
    for folder in _numbered(root / "procedures", dirs=True):
        procedures = [read_file(p, PROCEDURE) for p in _numbered(folder)]
        groups.append((read_file(folder / "_group.md", GROUP), procedures))
    demo = Demo(
        profile=read_file(root / "profile.md", PROFILE, expects_text=False),
        locations=read_locations(root),
        old_addresses=root / "old-addresses.csv",
        pages=[read_file(root / "pages" / f"{key}.md", PAGE) for key in Page.Key.values],
        providers=[
            read_file(d / "provider.md", PROVIDER) for d in _numbered(root / "providers", dirs=True)
        ],
        groups=groups,
        conditions=[read_file(p, CONDITION) for p in _numbered(root / "conditions")],
        questions=[read_file(p, QUESTION) for p in _numbered(root / "faqs")],
        cases=[read_file(d / "case.md", CASE) for d in _numbered(root / "gallery", dirs=True)],
        testimonials=[read_file(p, TESTIMONIAL) for p in _numbered(root / "testimonials")],
    )
    if not demo.old_addresses.is_file():
        raise DemoFileError(demo.old_addresses, "this file is missing")
    demo.procedure_refs = {f"{g.name}/{p.name}" for g, procs in groups for p in procs}
    for procedure in (p for _, procedures in groups for p in procedures):
        sections(procedure)
    for item in demo.conditions + demo.cases:
        for ref in item.meta["procedures"]:
            _check_ref(demo, item, ref)
    for item in demo.questions + demo.testimonials:
        if "procedure" in item.meta:
            _check_ref(demo, item, item.meta["procedure"])
    for case in demo.cases:
        _check_pictures(case)
    for provider in demo.providers:
        _check_provider_files(provider)
    return demo


def _check_provider_files(provider):
    video = provider.get("video", {})
    named = {provider.meta["portrait"], *(video.get(k) for k in ("file", "poster", "captions"))}
    named.discard(None)
    for name in sorted(named):
        if not (provider.path.parent / name).is_file():
            raise DemoFileError(provider.path, f"the file {name!r} is not in the provider's folder")
    files = {p.name for p in provider.path.parent.iterdir() if not p.name.startswith(".")}
    unused = files - named - {"provider.md"}
    if unused:
        raise DemoFileError(
            provider.path, f"nothing in the header uses {', '.join(sorted(unused))}"
        )


def _check_pictures(case):
    named = {pair[stage] for pair in case.meta["photos"] for stage in ("before", "after")}
    for name in sorted(named):
        if not (case.path.parent / name).is_file():
            raise DemoFileError(case.path, f"the picture {name!r} is not in the case's folder")
    files = {p.name for p in case.path.parent.iterdir() if not p.name.startswith(".")}
    unused = files - named - {"case.md"}
    if unused:
        raise DemoFileError(case.path, f"no photo pair uses {', '.join(sorted(unused))}")


def _check_ref(demo, item, ref):
    if ref not in demo.procedure_refs:
        raise DemoFileError(
            item.path, f"no procedure {ref!r} in demo/procedures (write it as group/procedure)"
        )


def sections(procedure):
    """A procedure file's (heading, body) pairs: each section starts with a "# " line."""
    parts = HEADING.split(procedure.body)
    if parts[0].strip():
        raise DemoFileError(procedure.path, 'the text must start with a "# " section heading')
    pairs = [
        (h.strip(), b.strip("\n") + "\n") for h, b in zip(parts[1::2], parts[2::2], strict=True)
    ]
    for heading, body in pairs:
        if not body.strip():
            raise DemoFileError(procedure.path, f"the section {heading!r} has no text")
    return pairs


def _save(obj, source):
    """Validate like the admin does, so a bad value fails with the file's name, then save."""
    try:
        obj.full_clean()
    except ValidationError as error:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        raise DemoFileError(source.path, details) from None
    obj.save()
    return obj


def read_locations(root=None):
    """demo/locations/*.md, checked: their notes and days included."""
    locations = [read_file(p, LOCATION) for p in _numbered((root or DEMO_DIR) / "locations")]
    if not locations:
        raise DemoFileError((root or DEMO_DIR) / "locations", "add at least one location")
    for location in locations:
        location_notes(location)
        location_hours(location)
        if "map" in location.meta and not location_map(location).is_file():
            raise DemoFileError(location.path, f"map {location.meta['map']!r} is not there")
    return locations


def location_map(location):
    """The map picture a location file names (relative to the file)."""
    return location.path.parent / location.meta["map"]


def location_notes(location):
    """{field: text} from a location file's "# " sections."""
    notes = {}
    for heading, body in sections(location):
        if heading not in LOCATION_NOTES:
            known = ", ".join(f'"# {h}"' for h in LOCATION_NOTES)
            raise DemoFileError(location.path, f"unknown section {heading!r} (known: {known})")
        paragraphs = re.split(r"\n\s*\n", body.strip())
        notes[LOCATION_NOTES[heading]] = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    return notes


def location_hours(location):
    """[(day number, opens, closes, closed)] from a location file's [[hours]] tables."""
    days = {label: number for number, label in OpeningHours.Day.choices}
    found = []
    for table in location.meta["hours"]:
        closed = table.get("closed", False)
        try:
            opens, closes = (
                (None, None)
                if closed
                else (time.fromisoformat(table["opens"]), time.fromisoformat(table["closes"]))
            )
        except (KeyError, ValueError):
            raise DemoFileError(
                location.path,
                'each [[hours]] needs opens = "09:00" and closes = "17:00", or closed = true',
            ) from None
        for day in table["days"]:
            if day not in days:
                raise DemoFileError(location.path, f'{day!r} is not a day (write e.g. "Monday")')
            found.append((days[day], opens, closes, closed))
    return found


def read_practice(root=None):
    """The profile and locations alone, for tests that need a practice and nothing else."""
    root = root or DEMO_DIR
    return read_file(root / "profile.md", PROFILE, expects_text=False), read_locations(root)


def profile_fields(profile):
    """PracticeProfile fields from demo/profile.md; the demo flag is always set."""
    return {**profile.meta, "is_demo": True}


def load_practice(profile, locations, maps=True):
    """The profile and its locations (the first is the main one), with each day's hours and,
    unless `maps` is false (tests that need no picture), their maps."""
    practice = _save(PracticeProfile(**profile_fields(profile)), profile)
    for order, item in enumerate(locations):
        meta = {k: v for k, v in item.meta.items() if k not in ("hours", "map")}
        location = _save(Location(order=order, **meta, **location_notes(item)), item)
        if maps and "map" in item.meta:
            processed = _process(location_map(item), site_services.MAP)
            site_services.set_picture(location, "map", processed)
        for day, opens, closes, closed in location_hours(item):
            hours = OpeningHours(location=location, day=day, opens=opens, closes=closes)
            _save(
                hours if not closed else OpeningHours(location=location, day=day, closed=True), item
            )
        site_services.adopt_first_location(location)
    practice.refresh_from_db()
    return practice


def load_site(demo):
    """The practice profile and the site pages that are missing; True if any was added."""
    created = False
    if not PracticeProfile.objects.exists():
        load_practice(demo.profile, demo.locations)
        created = True
    existing = set(Page.objects.values_list("key", flat=True))
    for page in demo.pages:
        key = page.path.stem
        if key not in existing:
            _save(Page(key=key, body=page.body, **page.meta), page)
            created = True
    return created


def load_providers(demo):
    """The demonstration providers, always marked as such, with portrait, record and video.

    Pictures and the clip go through the same checks and processing as staff uploads.
    """
    if Provider.objects.exists():
        return False
    for order, item in enumerate(demo.providers, start=1):
        folder = item.path.parent
        fields = {
            k: v for k, v in item.meta.items() if k not in ("credentials", "video", "portrait")
        }
        provider = Provider(slug=item.name, long_bio=item.body, order=order * 10, **fields)
        provider.is_demo = True
        provider.portrait = site_services.save_picture(_process(folder / item.meta["portrait"]))
        _save(provider, item)
        for n, row in enumerate(item.get("credentials", []), start=1):
            _save(Credential(provider=provider, order=n * 10, **row), item)
        if "video" in item.meta:
            _load_video(provider, item, item.meta["video"])
    return True


def _load_video(provider, item, meta):
    folder = item.path.parent
    film = ProviderVideo(
        provider=provider,
        title=meta["title"],
        description=meta["description"],
        transcript=meta.get("transcript", "").strip(),
    )
    try:
        # The file's facts, the poster and the date come from the upload itself (save_video).
        film.full_clean(
            exclude=["file", "size", "width", "height", "duration", "poster", "uploaded_at"]
        )
        clean = video.clean_video(_as_upload(folder / meta["file"]))
        captions = meta.get("captions") and video.clean_captions(
            _as_upload(folder / meta["captions"])
        )
    except ValidationError as error:
        raise DemoFileError(item.path, "[video]: " + " ".join(error.messages)) from None
    site_services.save_video(
        film, clean=clean, poster=_process(folder / meta["poster"]), captions=captions or None
    )


def _as_upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def _process(path, kind=gallery_services.PHOTO):
    """A demo picture through the photo pipeline's checks and processing, not yet stored."""
    try:
        return gallery_services.process_upload(_as_upload(path), kind)
    except ValidationError as error:
        raise DemoFileError(path, " ".join(error.messages)) from None


def load_procedures(demo):
    """Groups, procedures with their sections, conditions and questions, into an empty app.

    The demo's own provider, if there is one, is named as each page's reviewer (with the sample
    notice a demonstration reviewer gets); real providers are never named on demo text.
    """
    if ProcedureGroup.objects.exists() or Procedure.objects.exists():
        return False
    reviewer = Provider.objects.filter(is_demo=True).order_by("order").first()
    site = Site.objects.get(pk=settings.SITE_ID)  # see practice_site/sites.py
    procedures = {}
    order = 0
    for group_order, (group_file, procedure_files) in enumerate(demo.groups, start=1):
        meta = {k: v for k, v in group_file.meta.items() if k != "old_addresses"}
        group = ProcedureGroup(
            slug=group_file.name, intro=group_file.body, order=group_order * 10, **meta
        )
        _save(group, group_file)
        for old_path in group_file.get("old_addresses", []):
            Redirect.objects.get_or_create(
                site=site, old_path=old_path, defaults={"new_path": group.get_absolute_url()}
            )
        for item in procedure_files:
            order += 10
            procedure = Procedure(
                group=group,
                slug=item.name,
                status=Procedure.Status.PUBLISHED,
                order=order,
                reviewed_by=reviewer,
                **item.meta,
            )
            _save(procedure, item)
            procedures[f"{group.slug}/{procedure.slug}"] = procedure
            for n, (heading, body) in enumerate(sections(item), start=1):
                _save(Section(procedure=procedure, heading=heading, body=body, order=n * 10), item)
    # The old site's section addresses, through the same import as staff use.
    report = import_redirects(demo.old_addresses.read_bytes(), site, may_leave_site=False)
    if report.problem or report.refused:
        reasons = report.problem or "; ".join(f"line {n}: {why}" for n, _, why in report.refused)
        raise DemoFileError(demo.old_addresses, reasons)
    for n, item in enumerate(demo.conditions, start=1):
        meta = {k: v for k, v in item.meta.items() if k != "procedures"}
        condition = Condition(
            slug=item.name, body=item.body, order=n * 10, reviewed_by=reviewer, **meta
        )
        _save(condition, item)
        condition.procedures.set([procedures[ref] for ref in item.meta["procedures"]])
    orders = {}
    for item in demo.questions:
        procedure = procedures.get(item.get("procedure"))
        orders[procedure] = orders.get(procedure, 0) + 10
        question = FAQ(
            question=item.meta["question"],
            answer=item.body,
            procedure=procedure,
            order=orders[procedure],
        )
        _save(question, item)
    return True


def _procedures_by_ref():
    """The stored procedures by "group/slug"; real content may lack some the demo names."""
    return {f"{p.group.slug}/{p.slug}": p for p in Procedure.objects.select_related("group").all()}


def load_gallery(demo):
    """The illustrated cases, their photos sent through the upload pipeline, into an empty app."""
    if Case.objects.exists():
        return False
    procedures = _procedures_by_ref()
    signed = timezone.localdate() - timedelta(days=200)
    for order, item in enumerate(demo.cases):
        meta = {k: v for k, v in item.meta.items() if k not in ("procedures", "photos")}
        case = _save(Case(description=item.text, is_published=True, order=order, **meta), item)
        case.procedures.set([procedures[r] for r in item.meta["procedures"] if r in procedures])
        PhotoConsent.objects.create(
            case=case, signed_on=signed, form_reference="Demonstration: no real patient"
        )
        for position, pair in enumerate(item.meta["photos"]):
            before, after = (_upload(item.path.parent / pair[s]) for s in ("before", "after"))
            photo_pair = PhotoPair(
                case=case,
                label=pair["label"],
                order=position,
                before=before,
                after=after,
                before_alt=pair["before_alt"],
                after_alt=pair["after_alt"],
            )
            _save(photo_pair, item)
    return True


def _upload(path):
    """A demo picture through the same validation and processing as a staff upload."""
    return gallery_services.save_photo(_process(path))


def load_testimonials(demo):
    """The sample testimonials, marked as samples, into an empty app."""
    if Testimonial.objects.exists():
        return False
    procedures = _procedures_by_ref()
    today = timezone.localdate()
    for item in demo.testimonials:
        written = today - timedelta(days=item.meta["days_ago"])
        testimonial = Testimonial(
            quote=item.text,
            display_name=item.meta["display_name"],
            rating=item.meta["rating"],
            received_on=written,
            source=Testimonial.Source.SAMPLE,
            procedure=procedures.get(item.get("procedure")),
            # Samples have no patient to consent: the date is when the text was written.
            consent_date=written,
            is_featured=item.get("featured", False),
            is_published=True,
        )
        _save(testimonial, item)
    return True
