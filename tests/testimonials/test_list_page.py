"""/testimonials/: what is listed, in which order, the filter, the average and the queries."""

import re
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procedures.models import Procedure
from testimonials import models

pytestmark = pytest.mark.django_db

URL = reverse("testimonials:index")


def quotes_on(response):
    return [t.quote for t in response.context["testimonials"]]


def test_lists_published_testimonials_newest_first(client, practice, make_testimonial):
    old = make_testimonial(days_ago=40, quote="An older card.")
    new = make_testimonial(days_ago=2, quote="A recent email.")
    make_testimonial(is_published=False, quote="Waiting for review.")
    response = client.get(URL)
    assert response.status_code == 200
    assert quotes_on(response) == [new.quote, old.quote]
    html = response.content.decode()
    assert html.index("A recent email.") < html.index("An older card.")
    assert "Waiting for review." not in html


def test_each_testimonial_shows_its_stars_as_text_source_and_date(
    client, practice, make_testimonial, smile
):
    testimonial = make_testimonial(
        rating=4, source=models.Testimonial.Source.GOOGLE, display_name="K.L.", procedure=smile
    )
    html = client.get(URL).content.decode()
    card = html[html.index(f'id="testimonial-{testimonial.pk}"') :]
    card = card[: card.index("</figure>")]
    assert '<span class="visually-hidden">4 out of 5 stars</span>' in card
    assert card.count("stars__star--full") == 4
    assert card.count("stars__star--empty") == 1
    assert "Posted as a Google review" in card
    date = testimonial.received_on
    assert f'<time datetime="{date:%Y-%m-%d}">{date:%B} {date.day}, {date.year}</time>' in card
    assert "K.L." in card
    assert f'href="{smile.get_absolute_url()}"' in card


def test_page_has_no_inline_styles_and_no_review_structured_data(
    client, practice, make_testimonial
):
    make_testimonial(rating=5)
    html = client.get(URL).content.decode()
    assert "style=" not in html
    for marker in (
        "aggregateRating",
        "AggregateRating",
        '"Review"',
        "ratingValue",
        "reviewRating",
        "itemprop",
        "itemtype",
    ):
        assert marker not in html


def test_paginated_twelve_a_page(client, practice, make_testimonial):
    for day in range(1, 15):
        make_testimonial(days_ago=day, quote=f"Quote from day {day}.")
    first = client.get(URL)
    assert len(first.context["testimonials"]) == 12
    assert 'rel="next" href="/testimonials/?page=2"' in first.content.decode()
    assert re.search(r'<link rel="next" href="http[^"]+/testimonials/\?page=2">', first.text)
    second = client.get(URL, {"page": 2})
    assert quotes_on(second) == ["Quote from day 13.", "Quote from day 14."]
    assert 'rel="prev" href="/testimonials/"' in second.content.decode()  # page 1: one address
    assert re.search(r'<link rel="canonical" href="http[^"]+/testimonials/\?page=2">', second.text)
    assert client.get(URL, {"page": 3}).status_code == 404


def test_filter_by_procedure_shows_only_its_testimonials(
    client, practice, make_testimonial, make_procedure, smile
):
    facelift = make_procedure("Facelift")
    make_procedure("Brow lift")  # no testimonials: not offered in the filter
    about_smile = make_testimonial(procedure=smile, quote="About my smile.")
    make_testimonial(procedure=facelift, quote="About my facelift.")
    make_testimonial(quote="About the team.")
    response = client.get(URL, {"procedure": "nerve-surgery/smile-reanimation"})
    assert quotes_on(response) == [about_smile.quote]
    html = response.content.decode()
    assert '<h1 class="page-header__title">Smile reanimation: what patients say</h1>' in html
    # Named as the gallery names the same list: "Procedure", not "Treatment" (which the gallery
    # uses for the procedures' groups).
    form = response.context["filter_form"]
    assert form["procedure"].label == "Procedure"
    assert form.fields["procedure"].choices[0] == ("", "All procedures")
    # Sent again, the page opens at the filter with its results below (tests/gallery too).
    assert 'id="testimonial-filter" method="get" action="/testimonials/#testimonial-filter"' in html
    assert (
        '<option value="nerve-surgery/smile-reanimation" selected>Smile reanimation</option>'
        in html
    )
    options = re.findall(r'<option value="([^"]*)"', html)
    assert options == ["", "nerve-surgery/smile-reanimation", "nerve-surgery/facelift"]
    assert '<optgroup label="Nerve surgery">' in html
    assert '<form class="testimonial-filter" id="testimonial-filter" method="get"' in html
    assert '<meta name="robots" content="noindex, follow">' in html


@pytest.mark.parametrize("namesake_title", ["Smile lift", "A smile lift"])
def test_a_treatments_link_shows_that_treatment_when_another_group_uses_its_slug(
    client, practice, make_testimonial, make_group, make_procedure, smile, namesake_title
):
    """Slugs are unique within a group only: the link names the group too. The namesake's title
    sorts after the treatment's, then before it."""
    cosmetic = make_group("Cosmetic")
    namesake = make_procedure(namesake_title, group=cosmetic, slug=smile.slug)
    make_testimonial(procedure=smile, quote="About my smile.")
    make_testimonial(procedure=namesake, quote="About the other one.")
    for treatment, quote in ((smile, "About my smile."), (namesake, "About the other one.")):
        response = client.get(URL, {"procedure": treatment.filter_key})
        assert quotes_on(response) == [quote]
        selected = f'<option value="{treatment.filter_key}" selected>{treatment.title}</option>'
        assert selected in response.content.decode()


def test_namesakes_of_the_same_title_are_told_apart_by_their_group(
    client, practice, make_testimonial, make_group, make_procedure, smile
):
    namesake = make_procedure(smile.title, group=make_group("Cosmetic"), slug=smile.slug)
    make_testimonial(procedure=smile)
    make_testimonial(procedure=namesake)
    html = client.get(URL).content.decode()
    for group, key in (("Nerve surgery", smile.filter_key), ("Cosmetic", namesake.filter_key)):
        assert re.search(rf'<optgroup label="{group}">\s*<option value="{key}">', html)


@pytest.mark.parametrize("extra", [{}, {"page": "2"}])
def test_a_link_from_before_the_group_was_named_is_sent_on_for_good(
    client, practice, make_testimonial, smile, extra
):
    make_testimonial(procedure=smile)
    response = client.get(URL, {"procedure": smile.slug, **extra})
    assert response.status_code == 301
    path, _, query = response["Location"].partition("?")
    assert (path, parse_qs(query)) == (
        URL,
        {"procedure": [smile.filter_key], **{name: [value] for name, value in extra.items()}},
    )


def test_a_link_from_before_that_two_groups_share_shows_all_and_says_so(
    client, practice, make_testimonial, make_group, make_procedure, smile
):
    make_procedure("Smile lift", group=make_group("Cosmetic"), slug=smile.slug)
    make_testimonial(procedure=smile, quote="About my smile.")
    for value in (smile.slug, "smile\x00", "a/b\x00", "/" + smile.slug):
        response = client.get(URL, {"procedure": value})
        assert response.status_code == 200
        assert quotes_on(response) == ["About my smile."]
        assert "We have no published testimonials about that procedure yet" in (
            response.content.decode()
        )


def test_filter_keeps_the_procedure_in_page_links(client, practice, make_testimonial, smile):
    for day in range(1, 14):
        make_testimonial(days_ago=day, procedure=smile)
    html = client.get(URL, {"procedure": smile.filter_key}).content.decode()
    assert 'href="/testimonials/?procedure=nerve-surgery%2Fsmile-reanimation&amp;page=2"' in html
    assert re.search(r'<link rel="canonical" href="http[^"]+/testimonials/">', html)
    # Its page 2 too: /testimonials/?page=2 would be other testimonials.
    second = client.get(URL, {"procedure": smile.filter_key, "page": 2}).content.decode()
    assert re.search(r'<link rel="canonical" href="http[^"]+/testimonials/">', second)


def test_filter_does_not_offer_draft_procedures(client, practice, make_testimonial, make_procedure):
    draft = make_procedure("Brow lift", status=Procedure.Status.DRAFT)
    make_testimonial(procedure=draft, quote="About a draft treatment.")
    make_testimonial(quote="General.")
    response = client.get(URL, {"procedure": "brow-lift"})
    html = response.content.decode()
    assert 'value="brow-lift"' not in html
    assert "About a draft treatment." not in html
    # An unknown or hidden treatment falls back to every testimonial, and says so.
    assert quotes_on(response) == ["General."]
    assert "We have no published testimonials about that procedure yet" in html


def test_average_and_count_follow_the_filter(client, practice, make_testimonial, smile):
    make_testimonial(rating=5, procedure=smile)
    make_testimonial(rating=4, procedure=smile)
    make_testimonial(rating=2)
    make_testimonial(rating=1, is_published=False)
    response = client.get(URL)
    assert (response.context["total"], response.context["average"]) == (3, 3.7)
    html = response.content.decode()
    assert "average from 3 testimonials" in html
    assert '<span class="visually-hidden">3.7 out of 5 stars</span>' in html
    filtered = client.get(URL, {"procedure": smile.filter_key})
    assert (filtered.context["total"], filtered.context["average"]) == (2, 4.5)
    assert "average from 2 testimonials" in filtered.content.decode()


def test_average_and_count_come_from_one_aggregate_query(client, practice, make_testimonial):
    for rating in (5, 4, 3):
        make_testimonial(rating=rating)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    sql = [q["sql"] for q in queries.captured_queries if "testimonials_testimonial" in q["sql"]]
    aggregates = [s for s in sql if "AVG(" in s]
    assert len(aggregates) == 1
    assert "COUNT(" in aggregates[0]
    # The paginator reuses that count instead of asking again.
    assert [s for s in sql if "COUNT(" in s] == aggregates


def test_empty_page_says_so_without_an_average(client, practice):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "No testimonials have been published yet." in html
    assert "rating-summary" not in html


def test_sample_testimonials_are_labelled_as_samples(client, practice, make_testimonial):
    make_testimonial(source=models.Testimonial.Source.SAMPLE)
    html = client.get(URL).content.decode()
    assert "the testimonials below are samples we wrote" in html
    assert "Sample text for this demonstration site" in html


def test_samples_left_beside_real_testimonials_are_counted_apart(
    client, practice, make_testimonial
):
    """A practice that publishes real testimonials before deleting the demo's samples: the
    notice does not call the real ones samples, and the samples' ratings stay out of the average."""
    make_testimonial(source=models.Testimonial.Source.EMAIL, rating=3)
    make_testimonial(source=models.Testimonial.Source.EMAIL, rating=4)
    make_testimonial(source=models.Testimonial.Source.SAMPLE, rating=5)
    response = client.get(URL)
    html = response.content.decode()
    assert "the testimonials below are samples we wrote" not in html
    assert "1 of these testimonials is a sample written to show how the page works" in html
    assert (response.context["total"], response.context["average"]) == (2, 3.5)
    assert "average from 2 testimonials" in html
    assert len(response.context["testimonials"]) == 3


def test_real_testimonials_carry_no_sample_notice(client, practice, make_testimonial):
    make_testimonial(source=models.Testimonial.Source.EMAIL)
    html = client.get(URL).content.decode()
    assert "samples we wrote" not in html
    assert "Sent to us by email" in html


@pytest.mark.parametrize("how_many", [10, 100])
def test_constant_number_of_queries(
    client, practice, make_testimonial, make_procedure, django_assert_num_queries, how_many
):
    procedures = [make_procedure(f"Procedure {n}") for n in range(5)]
    for n in range(how_many):
        make_testimonial(days_ago=n + 1, procedure=procedures[n % 6] if n % 6 < 5 else None)
    # Profile, procedure groups, filter choices, the aggregate, and the page of testimonials
    # with procedures.
    with django_assert_num_queries(5):
        response = client.get(URL)
    assert response.status_code == 200
    with django_assert_num_queries(5):
        response = client.get(URL, {"procedure": procedures[1].filter_key, "page": 1})
    assert response.context["selected_procedure"] == procedures[1].title


def test_filtered_page_preselects_the_treatment_in_the_consultation_button(
    client, practice, make_testimonial, smile
):
    make_testimonial(procedure=smile)
    html = client.get(URL, {"procedure": smile.filter_key}).content.decode()
    assert f'{reverse("consultations:request")}?procedure={smile.pk}"' in html
    unfiltered = client.get(URL).content.decode()
    assert f"?procedure={smile.pk}" not in unfiltered


def test_filtered_page_links_to_the_treatment_and_back_to_all(
    client, practice, make_testimonial, smile
):
    make_testimonial(procedure=smile)
    html = client.get(URL, {"procedure": smile.filter_key}).content.decode()
    assert f'<a href="{smile.get_absolute_url()}">Read about Smile reanimation</a>' in html
    assert f'<a href="{URL}">Show testimonials about every procedure</a>' in html
