"""Structured data (schema.org JSON-LD) for the practice and its providers.

Since schema.org 24, `Physician` is an organisation and a doctor as a person is an
`IndividualPhysician`, which `practicesAt` the clinic. Everything here describes what the pages
show. A provider marked as demonstration content is described by name, specialty and biography
only: sample credentials are labelled as samples on the page, and structured data cannot carry
that label, so they stay out of it.
"""

from django.conf import settings
from django.utils import timezone

from procedures.seo import CONTEXT, absolute, breadcrumb_list

from .models import Credential

# Credentials schema.org describes as `hasCredential`, by kind: (category, how the name reads).
_CREDENTIALS = {
    Credential.Kind.BOARD: ("certification", "Board certification in {}"),
    Credential.Kind.EDUCATION: ("degree", "{}"),
    Credential.Kind.RESIDENCY: ("residency", "Residency in {}"),
    Credential.Kind.FELLOWSHIP: ("fellowship", "Fellowship in {}"),
}


def clinic_id():
    return f"{settings.SITE_URL}/#clinic"


def physician_node(provider, full=False):
    """`IndividualPhysician` for a provider; `full` adds the record their own page lists."""
    node = {
        "@type": "IndividualPhysician",
        "@id": provider.schema_id,
        "name": provider.display_name,
        "url": absolute(provider.get_absolute_url()),
        "description": provider.short_bio,
        "medicalSpecialty": f"{CONTEXT}/{provider.medical_specialty}",
        "practicesAt": {"@id": clinic_id()},
    }
    portrait = provider.portrait
    if portrait is not None and portrait.sorted_renditions:
        node["image"] = absolute(portrait.rendition_near(640).url)
    if full and not provider.is_demo:
        node.update(_record(provider))
    return node


def _record(provider):
    record = {}
    credentials = list(provider.credentials.all())
    if provider.language_list:
        record["knowsLanguage"] = provider.language_list
    held = []
    for credential in credentials:
        if credential.kind in _CREDENTIALS:
            category, name = _CREDENTIALS[credential.kind]
            item = {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": category,
                "name": name.format(credential.title),
            }
            if credential.detail:
                item["recognizedBy"] = {"@type": "Organization", "name": credential.detail}
            held.append(item)
    if held:
        record["hasCredential"] = held
    hospitals = [
        {"@type": "Hospital", "name": c.title}
        for c in credentials
        if c.kind == Credential.Kind.HOSPITAL
    ]
    if hospitals:
        record["hospitalAffiliation"] = hospitals
    member_of = [
        {
            "@type": "CollegeOrUniversity"
            if c.kind == Credential.Kind.UNIVERSITY
            else "Organization",
            "name": c.title,
        }
        for c in credentials
        if c.kind in (Credential.Kind.UNIVERSITY, Credential.Kind.MEMBERSHIP)
    ]
    if member_of:
        record["memberOf"] = member_of
    return record


def _video_node(film, url, physician_id):
    node = {
        "@type": "VideoObject",
        "@id": f"{url}#video",
        "name": film.title,
        "description": film.description,
        "thumbnailUrl": absolute(film.poster.rendition_near(1280).url),
        "uploadDate": film.uploaded_at.isoformat(timespec="seconds"),
        "contentUrl": absolute(film.url),
        "duration": film.iso_duration,
        "encodingFormat": "video/mp4",
        "about": {"@id": physician_id},
        "inLanguage": "en-US",
    }
    if film.transcript:
        node["transcript"] = " ".join(film.transcript_paragraphs)
    return node


def provider_graph(provider, breadcrumbs):
    """`ProfilePage` whose main entity is the provider, with their video and their papers."""
    url = absolute(provider.get_absolute_url())
    physician = physician_node(provider, full=True)
    page = {
        "@type": "ProfilePage",
        "@id": f"{url}#page",
        "url": url,
        "name": provider.display_name,
        "mainEntity": {"@id": physician["@id"]},
        "breadcrumb": breadcrumb_list(breadcrumbs),
        "dateModified": timezone.localdate(provider.updated_at).isoformat(),  # as on the sitemap
        "inLanguage": "en-US",
    }
    nodes = [page, physician]
    film = provider.film
    if film is not None:
        video = _video_node(film, url, physician["@id"])
        physician["subjectOf"] = {"@id": video["@id"]}
        nodes.append(video)
    if not provider.is_demo:
        nodes += [
            {
                "@type": "CreativeWork",
                "name": c.title,
                "url": c.url,
                "author": {"@id": physician["@id"]},
            }
            for c in provider.credentials.all()
            if c.kind == Credential.Kind.PUBLICATION
        ]
    return {"@context": CONTEXT, "@graph": nodes}
