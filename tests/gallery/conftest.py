"""Gallery fixtures: procedures to link to, and cases in every state of consent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gallery import services
from gallery.models import Case, Photo, PhotoConsent, PhotoPair, Rendition
from procedures.models import Procedure, ProcedureGroup

from . import images

TODAY = timezone.localdate


@pytest.fixture
def procedures(db):
    """Two groups with two published procedures each, and a draft."""
    reanimation = ProcedureGroup.objects.create(
        title="Facial reanimation", slug="facial-reanimation", summary="s", order=1
    )
    cosmetic = ProcedureGroup.objects.create(
        title="Cosmetic and balancing procedures", slug="cosmetic", summary="s", order=4
    )

    def make(group, slug, title, status=Procedure.Status.PUBLISHED):
        return Procedure.objects.create(
            group=group, slug=slug, title=title, summary="s", meta_description="m", status=status
        )

    return {
        "smile": make(reanimation, "smile-reanimation", "Smile reanimation"),
        "eye": make(reanimation, "eye-closure-restoration", "Eye closure restoration"),
        "brow": make(cosmetic, "brow-lift", "Brow lift"),
        "sling": make(cosmetic, "static-sling", "Static sling"),
        "draft": make(cosmetic, "facelift", "Facelift", Procedure.Status.DRAFT),
    }


def row_photo(width=800, height=1000):
    """Photo rows without files: enough for pages that only list URLs (fast, for bulk cases)."""
    photo = Photo.objects.create(width=width, height=height)
    Rendition.objects.bulk_create(
        [
            Rendition(
                photo=photo,
                width=w,
                height=round(height * w / width),
                file=f"gallery/{photo.key[:2]}/{photo.key}-{w}.webp",
            )
            for w in (320, 640, width)
        ]
    )
    return photo


def real_photo(data=None, name="photo.jpg"):
    return services.upload_photo(images.upload(name, data or images.jpeg()))


@pytest.fixture
def make_case(db):
    """make_case(consent="active"|"expired"|"revoked"|"office"|"future"|None, ...) -> Case."""

    def make(
        consent="active",
        published=True,
        procedures=(),
        pairs=1,
        real_files=False,
        title="A smile restored",
        **fields,
    ):
        case = Case.objects.create(
            title=title,
            description="What changed, in plain words.",
            is_published=published,
            **fields,
        )
        case.procedures.set(procedures)
        today = TODAY()
        signed = today - timedelta(days=30)
        if consent == "active":
            PhotoConsent.objects.create(case=case, signed_on=signed)
        elif consent == "expired":
            PhotoConsent.objects.create(
                case=case, signed_on=signed, expires_on=today - timedelta(days=1)
            )
        elif consent == "revoked":
            PhotoConsent.objects.create(case=case, signed_on=signed, revoked_on=today)
        elif consent == "office":
            PhotoConsent.objects.create(
                case=case, signed_on=signed, scope=PhotoConsent.Scope.OFFICE
            )
        elif consent == "future":
            PhotoConsent.objects.create(case=case, signed_on=today + timedelta(days=3))
        photo = real_photo if real_files else row_photo
        for i in range(pairs):
            PhotoPair.objects.create(
                case=case,
                label=["At rest", "Smiling", "Oblique"][i % 3],
                order=i,
                before=photo(),
                after=photo(),
                before_alt=f"Before {i}: the mouth corner sits low.",
                after_alt=f"After {i}: the mouth corner sits level.",
            )
        return case

    return make
