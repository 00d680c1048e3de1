"""Staff choose how each before-and-after comparison opens and where the slider starts."""

import pytest
from django.urls import reverse

from gallery.models import PhotoPair

from .test_admin import case_form

pytestmark = pytest.mark.django_db


def test_staff_choose_how_a_pair_opens_and_where_the_slider_starts(admin_client, procedures):
    response = admin_client.post(
        reverse("admin:gallery_case_add"),
        case_form(procedures, **{"pairs-0-compare_view": "slider", "pairs-0-slider_start": "35"}),
    )
    assert response.status_code == 302
    pair = PhotoPair.objects.get()
    assert (pair.compare_view, pair.slider_start) == ("slider", 35)
    html = admin_client.get(pair.case.get_absolute_url()).content.decode()
    assert 'data-compare-view="slider" data-compare-start="35"' in html


def test_pairs_open_side_by_side_on_phones_unless_staff_choose_otherwise(admin_client, procedures):
    admin_client.post(reverse("admin:gallery_case_add"), case_form(procedures))
    pair = PhotoPair.objects.get()
    assert (pair.compare_view, pair.slider_start) == ("auto", 50)
    assert PhotoPair.CompareView.AUTO.label == "Side by side on phones, slider on wider screens"


@pytest.mark.parametrize("start", ["0", "100", "-5", "half"])
def test_a_slider_start_off_the_photo_is_refused(admin_client, procedures, start):
    response = admin_client.post(
        reverse("admin:gallery_case_add"), case_form(procedures, **{"pairs-0-slider_start": start})
    )
    assert response.status_code == 200
    assert not PhotoPair.objects.exists()
