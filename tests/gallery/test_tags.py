"""The gallery's inclusion tags on the home page and on procedure pages."""

import pytest
from django.template import Context, Template
from django.urls import reverse

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load gallery_tags %}" + source).render(Context(context))


def test_procedure_cases_shows_up_to_three_public_cases_of_that_procedure(
    make_case, procedures, django_assert_max_num_queries
):
    shown = [
        make_case(title=f"Smile {i}", order=i, procedures=[procedures["smile"]]) for i in range(4)
    ]
    make_case(title="Hidden smile", consent="revoked", order=0, procedures=[procedures["smile"]])
    make_case(title="Brow only", order=0, procedures=[procedures["brow"]])
    with django_assert_max_num_queries(5):
        html = render("{% procedure_cases procedure %}", procedure=procedures["smile"])
    assert [title in html for title in ("Smile 0", "Smile 1", "Smile 2")] == [True] * 3
    assert "Smile 3" not in html and "Hidden smile" not in html and "Brow only" not in html
    assert shown[0].get_absolute_url() in html
    assert f"{reverse('gallery:index')}?procedure=facial-reanimation/smile-reanimation" in html
    assert 'loading="lazy"' in html and 'loading="eager"' not in html


def test_procedure_without_public_cases_renders_nothing(make_case, procedures):
    make_case(procedures=[procedures["brow"]], consent="expired")
    assert render("{% procedure_cases procedure %}", procedure=procedures["brow"]).strip() == ""


def test_home_page_shows_the_gallery_teaser(client, practice, make_case):
    make_case(title="Teaser case")
    html = client.get(reverse("pages:home")).content.decode()
    assert "Before and after" in html and "Teaser case" in html
    assert reverse("gallery:index") in html


def test_teaser_is_absent_when_no_case_is_public(client, practice, make_case):
    make_case(title="Not yet", consent=None)
    html = client.get(reverse("pages:home")).content.decode()
    assert "gallery-teaser-title" not in html and "Not yet" not in html


def test_procedure_page_shows_its_cases(client, practice, make_case, procedures):
    make_case(title="Lifted brow", procedures=[procedures["brow"]])
    response = client.get(procedures["brow"].get_absolute_url())
    assert response.status_code == 200
    assert "Lifted brow" in response.content.decode()
