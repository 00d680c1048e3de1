"""The inclusion tags other pages use: the home page's featured testimonial and a procedure's."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from procedures.models import Procedure
from tests.html import page_html

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load testimonial_tags %}" + source).render(Context(context))


def test_home_page_shows_the_newest_featured_testimonial(client, practice, make_testimonial):
    make_testimonial(days_ago=1, quote="Newest, not featured.")
    make_testimonial(days_ago=50, quote="Older featured.", is_featured=True)
    make_testimonial(days_ago=5, quote="Newer featured.", is_featured=True)
    make_testimonial(
        days_ago=2, quote="Featured but unpublished.", is_featured=True, is_published=False
    )
    html = client.get(reverse("pages:home")).content.decode()
    assert "In a patient’s words" in html
    assert "Newer featured." in html
    for other in ("Newest, not featured.", "Older featured.", "Featured but unpublished."):
        assert other not in html
    assert '<span class="visually-hidden">5 out of 5 stars</span>' in html
    assert f'href="{reverse("testimonials:index")}"' in html
    assert "aggregateRating" not in html and '"Review"' not in html


def test_home_page_has_no_testimonial_section_when_none_is_featured(
    client, practice, make_testimonial
):
    make_testimonial(quote="Published, not featured.")
    html = client.get(reverse("pages:home")).content.decode()
    assert "testimonial-feature" not in html
    assert "Published, not featured." not in html


def test_featured_tag_runs_one_query(make_testimonial, smile, django_assert_num_queries):
    make_testimonial(is_featured=True, procedure=smile)
    with django_assert_num_queries(1):
        html = render("{% featured_testimonial %}")
    assert f'href="{smile.get_absolute_url()}"' in html


def test_procedure_tag_shows_up_to_two_featured_first(
    make_testimonial, make_procedure, smile, django_assert_num_queries
):
    other = make_procedure("Facelift")
    make_testimonial(days_ago=1, procedure=other, quote="About another procedure.")
    make_testimonial(days_ago=2, procedure=smile, quote="Newest about smiles.")
    make_testimonial(days_ago=3, procedure=smile, quote="Second newest about smiles.")
    make_testimonial(days_ago=90, procedure=smile, quote="Old but featured.", is_featured=True)
    make_testimonial(days_ago=1, procedure=smile, quote="Unpublished.", is_published=False)
    with django_assert_num_queries(1):
        html = render("{% procedure_testimonials procedure %}", procedure=smile)
    assert "What patients say" in html
    assert html.index("Old but featured.") < html.index("Newest about smiles.")
    for absent in ("Second newest about smiles.", "About another procedure.", "Unpublished."):
        assert absent not in html
    assert (
        f'href="{reverse("testimonials:index")}?procedure=nerve-surgery/smile-reanimation"' in html
    )
    # The card does not link back to the page it is on.
    assert f'href="{smile.get_absolute_url()}"' not in html


def test_procedure_tag_renders_nothing_without_testimonials(
    make_testimonial, make_procedure, smile
):
    make_testimonial(procedure=make_procedure("Facelift"))
    assert render("{% procedure_testimonials procedure %}", procedure=smile).strip() == ""


def test_procedure_tag_shows_nothing_for_a_draft_procedure(make_testimonial, make_procedure):
    draft = make_procedure("Brow lift", status=Procedure.Status.DRAFT)
    make_testimonial(procedure=draft, quote="About a draft.")
    assert "About a draft." not in render("{% procedure_testimonials procedure %}", procedure=draft)


@pytest.mark.parametrize(
    "value,full,half,empty,text",
    [
        (5, 5, 0, 0, "5 out of 5 stars"),
        (1, 1, 0, 4, "1 out of 5 stars"),
        (4.3, 4, 1, 0, "4.3 out of 5 stars"),
        (4.2, 4, 0, 1, "4.2 out of 5 stars"),
        (3.75, 4, 0, 1, "3.8 out of 5 stars"),
    ],
)
def test_stars_are_drawn_to_the_nearest_half_and_spoken_as_text(value, full, half, empty, text):
    html = render("{% stars value %}", value=value)
    assert html.count("stars__star--full") == full
    assert html.count("stars__star--half") == half
    assert html.count("stars__star--empty") == empty
    assert f'<span class="visually-hidden">{text}</span>' in html
    assert 'aria-hidden="true"' in html


def test_procedure_page_shows_its_testimonials_without_review_markup(
    client, practice, make_testimonial, smile
):
    make_testimonial(procedure=smile, quote="Shown on the procedure page.", rating=4)
    html = page_html(client, smile.get_absolute_url())
    assert 'aria-labelledby="procedure-testimonials-heading"' in html
    assert "Shown on the procedure page." in html
    assert '<span class="visually-hidden">4 out of 5 stars</span>' in html
    for marker in ("aggregateRating", '"Review"', "ratingValue", "reviewRating", "itemprop"):
        assert marker not in html
