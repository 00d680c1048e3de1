"""The demo files under demo/ (described in demo/README.md), read and checked.

`read()` checks every file before anything is written (practice_site/demo.py stores them), and
names the file at fault.
"""

import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from .models import OpeningHours, Page

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
PHOTO_PAIR = {
    **{key: str for key in ("label", "before", "after", "before_alt", "after_alt")},
    "slider_start?": int,
}
CASE = {
    "number": int,
    "title": str,
    "procedures": list,
    "causes?": list,  # condition file names without their number
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
    "cause?": str,  # a condition file name without its number
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
    # Stored as the admin's form would save it (trimmed): publishing it unchanged changes nothing.
    return DemoFile(path, meta, text_below.strip())


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
    causes = {condition.name for condition in demo.conditions}
    named = [(case, c) for case in demo.cases for c in case.get("causes", [])]
    named += [(t, t.meta["cause"]) for t in demo.testimonials if "cause" in t.meta]
    for item, cause in named:
        if cause not in causes:
            raise DemoFileError(item.path, f"no condition {cause!r} in demo/conditions")
    for case in demo.cases:
        named = {pair[stage] for pair in case.meta["photos"] for stage in ("before", "after")}
        _check_folder(case, named, "picture", "case", "no photo pair")
    for provider in demo.providers:
        video = provider.get("video", {})
        named = {provider.meta["portrait"], *(video.get(k) for k in ("file", "poster", "captions"))}
        _check_folder(provider, named - {None}, "file", "provider", "nothing in the header")
    return demo


def _check_folder(item, named, what, owner, user):
    """Every file `named` is in the item's folder, and the folder holds nothing else."""
    folder = item.path.parent
    for name in sorted(named):
        if not (folder / name).is_file():
            raise DemoFileError(item.path, f"the {what} {name!r} is not in the {owner}'s folder")
    files = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    unused = files - named - {item.path.name}
    if unused:
        raise DemoFileError(item.path, f"{user} uses {', '.join(sorted(unused))}")


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
    pairs = [(h.strip(), b.strip()) for h, b in zip(parts[1::2], parts[2::2], strict=True)]
    for heading, body in pairs:
        if not body.strip():
            raise DemoFileError(procedure.path, f"the section {heading!r} has no text")
    return pairs


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
