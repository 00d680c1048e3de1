"""The demonstration practice: the files under demo/, read and checked by demo_files.py, stored
the way staff would store them.

The `load_*` functions save through the models and the gallery's upload pipeline, like the admin
does; each returns False, and leaves the database alone, when its part of the site already has
content.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gallery import services as gallery_services
from gallery.models import Case, PhotoConsent, PhotoPair
from procedures.models import FAQ, Condition, Procedure, ProcedureGroup, Section
from testimonials.models import Testimonial

from . import services as site_services
from . import video
from .demo_files import (  # noqa: F401 (read(), read_practice(): the command's way in)
    DemoFileError,
    location_hours,
    location_map,
    location_notes,
    read,
    read_practice,
    sections,
)
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


def _save(obj, source):
    """Validate like the admin does, so a bad value fails with the file's name, then save."""
    try:
        obj.full_clean()
    except ValidationError as error:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        raise DemoFileError(source.path, details) from None
    obj.save()
    return obj


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

    The demo's own provider, if there is one, is named as each page's reviewer, and every page's
    review is marked as a sample (the page says so); real providers are never named on demo
    text.
    """
    if ProcedureGroup.objects.exists() or Procedure.objects.exists():
        return False
    reviewer = Provider.objects.filter(is_demo=True).order_by("order").first()
    today = timezone.localdate()
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
                last_reviewed=today,
                sample_reviewed_by=reviewer,
                sample_reviewed_on=today,
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
            slug=item.name,
            body=item.body,
            order=n * 10,
            reviewed_by=reviewer,
            last_reviewed=today,
            sample_reviewed_by=reviewer,
            sample_reviewed_on=today,
            **meta,
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
        meta = {k: v for k, v in item.meta.items() if k not in ("procedures", "causes", "photos")}
        case = _save(Case(description=item.text, is_published=True, order=order, **meta), item)
        case.procedures.set([procedures[r] for r in item.meta["procedures"] if r in procedures])
        case.causes.set(Condition.objects.filter(slug__in=item.get("causes", [])))
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
                **({"slider_start": pair["slider_start"]} if "slider_start" in pair else {}),
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
    causes = {condition.slug: condition for condition in Condition.objects.all()}
    for item in demo.testimonials:
        written = today - timedelta(days=item.meta["days_ago"])
        testimonial = Testimonial(
            quote=item.text,
            display_name=item.meta["display_name"],
            rating=item.meta["rating"],
            received_on=written,
            source=Testimonial.Source.SAMPLE,
            procedure=procedures.get(item.get("procedure")),
            cause=causes.get(item.get("cause")),
            # Samples have no patient to consent: the date is when the text was written.
            consent_date=written,
            is_featured=item.get("featured", False),
            is_published=True,
        )
        _save(testimonial, item)
    return True
