"""Providers for the practice_site tests: built in code, independent of the demo files."""

import pytest

from practice_site.models import Credential, Provider


@pytest.fixture
def unsaved_provider():
    """`unsaved_provider(**fields)`: Dr. Jane Roe, MD, FACS, not saved; any field changed."""

    def build(**fields):
        return Provider(
            **{
                "given_name": "Jane",
                "family_name": "Roe",
                "post_nominals": "MD, FACS",
                "slug": "jane-roe",
                "specialty": "Facial plastic and reconstructive surgeon",
                "short_bio": "Dr. Roe restores movement to faces paralysed by illness or injury.",
                **fields,
            }
        )

    return build


@pytest.fixture
def provider(db, unsaved_provider):
    provider = unsaved_provider(
        long_bio="Dr. Roe trained in head and neck surgery.\n\n## How she works\n\nCarefully.",
        languages="English, Spanish",
    )
    provider.save()
    rows = [
        (Credential.Kind.BOARD, "Facial plastic surgery", "A certifying board", "2010"),
        (Credential.Kind.EDUCATION, "Doctor of Medicine", "A medical school", "2001"),
        (Credential.Kind.RESIDENCY, "Otolaryngology", "A teaching hospital", "2001–2006"),
        (Credential.Kind.FELLOWSHIP, "Facial nerve surgery", "Another hospital", "2007"),
        (Credential.Kind.HOSPITAL, "A community hospital", "Attending surgeon", ""),
        (Credential.Kind.UNIVERSITY, "A university", "Clinical professor", ""),
        (Credential.Kind.MEMBERSHIP, "A facial nerve society", "", ""),
    ]
    for order, (kind, title, detail, year) in enumerate(rows):
        Credential.objects.create(
            provider=provider, kind=kind, title=title, detail=detail, year=year, order=order
        )
    Credential.objects.create(
        provider=provider,
        kind=Credential.Kind.PUBLICATION,
        title="Smile reanimation in children",
        detail="A journal",
        year="2019",
        url="https://example.org/papers/smile",
    )
    return provider


@pytest.fixture
def credential_headings():
    """The headings of the `provider` fixture's credentials, in the order they are shown."""
    return [
        "Board certification",
        "Education",
        "Residency training",
        "Fellowship training",
        "Hospital affiliations",
        "University affiliations",
        "Professional memberships",
        "Selected publications and talks",
    ]


@pytest.fixture
def with_portrait(provider):
    from practice_site import services
    from tests.gallery import images

    services.set_picture(provider, "portrait", images.processed("p.jpg", images.jpeg((800, 1000))))
    provider.portrait_alt = "Dr. Roe in a white coat"
    provider.save()
    return provider


@pytest.fixture
def film(provider):
    """A video (with sound and captions) on the provider."""
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from practice_site import services
    from practice_site.models import ProviderVideo
    from practice_site.video import clean_video
    from tests.gallery import images

    data = (
        Path(__file__).parents[1] / "fixtures" / "video" / "sound-and-metadata.mp4"
    ).read_bytes()
    video = ProviderVideo(
        provider=provider,
        title="Meet Dr. Roe",
        description="Dr. Roe explains what happens at a first consultation.",
        transcript="Hello, I am Dr. Roe.\n\nThis is how a consultation goes.",
        uploaded_at=timezone.now(),
    )
    return services.save_video(
        video,
        clean=clean_video(SimpleUploadedFile("film.mp4", data)),
        poster=images.processed("poster.png", images.png((1280, 720)), "image/png"),
        captions="WEBVTT\n\n00:00.000 --> 00:01.000\nHello, I am Dr. Roe.\n",
    )
