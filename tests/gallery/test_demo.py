"""The demonstration gallery loaded by `manage.py load_demo_content`."""

import re

import pytest
from django.urls import reverse

from gallery.models import Case, Photo, Rendition
from practice_site import demo
from practice_site.models import PracticeProfile

pytestmark = pytest.mark.django_db


def test_demo_has_public_illustrated_cases_in_all_four_groups(demo_content, client, settings):
    cases = Case.objects.public()
    assert cases.count() >= 8
    groups = set(cases.values_list("procedures__group__slug", flat=True))
    assert groups == {"facial-reanimation", "nerve-surgery", "muscle-surgery", "cosmetic"}
    for case in cases.prefetch_related("pairs", "procedures"):
        assert case.procedures.exists()
        assert "not a real patient" in case.description
        for pair in case.pairs.all():
            assert pair.before_alt.startswith("Illustration.")
            assert pair.after_alt.startswith("Illustration.")
            # Each face changes on one side: a divider in the middle would show the unchanged
            # half of the before photo beside the changed half of the after one, a whole face.
            assert pair.slider_start == 85, pair
    # Through the real pipeline: several renditions per photo, files on disk.
    assert Rendition.objects.count() >= 4 * Photo.objects.count() > 0
    first = cases.first()
    assert client.get(first.get_absolute_url()).status_code == 200
    assert client.get(first.first_pair.after.default_rendition.url).status_code == 200
    assert "/gallery/patient-8217/" in client.get(reverse("gallery:index")).content.decode()


def test_demo_loader_is_idempotent(demo_content):
    count = Case.objects.count()
    assert demo.load_gallery(demo.read()) is False
    assert Case.objects.count() == count


def test_a_demo_cause_shows_its_own_case_first(demo_content, client):
    """A parent reading about Moebius syndrome sees the child's case and the family's words
    before any other."""
    html = client.get(
        reverse("procedures:condition", kwargs={"slug": "congenital-facial-paralysis"})
    ).content.decode()
    cases = html[html.index('id="procedure-cases-title"') :]
    assert re.findall(r"Patient (\d+)", cases)[0] == "6021"
    assert "A child’s smile restored on one side" in cases
    words = cases[cases.index('id="procedure-testimonials-heading"') :]
    assert words.index("born with Moebius syndrome") < words.index("testimonial__name")


@pytest.mark.parametrize(
    ("is_demo", "said", "not_said"),
    [
        (False, "None beyond cropping and straightening", "Drawn illustrations"),
        (True, "Drawn illustrations, not photographs", "Photo editing"),
    ],
)
def test_a_demo_case_says_its_pictures_are_drawn_not_how_photos_were_edited(
    client, practice, make_case, is_demo, said, not_said
):
    PracticeProfile.objects.update(is_demo=is_demo)
    html = client.get(make_case().get_absolute_url()).content.decode()
    assert said in html and not_said not in html
