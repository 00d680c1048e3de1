"""The treatment filters of the gallery and of the testimonials offer at most twelve procedures
of each group (the first in the group's order), plus the one a link asks for."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
OPTION = re.compile(r'<option value="(group-[ab]/cap-[ab]-\d+)"')


@pytest.fixture(params=["gallery", "testimonials"])
def filter_page(request, make_group, make_procedure):
    """(url, {group letter: procedures in order}): 14 treatments in one group and 2 in another,
    each with something to show on the page."""
    show = {
        "gallery": lambda procedure: request.getfixturevalue("make_case")(procedures=[procedure]),
        "testimonials": lambda procedure: request.getfixturevalue("make_testimonial")(
            procedure=procedure
        ),
    }[request.param]
    procedures = {}
    for letter, count, order in (("a", 14, 1), ("b", 2, 2)):
        group = make_group(f"Group {letter}", order=order)
        # Made in reverse, so that the group's order, not the order of creation, decides.
        made = [
            make_procedure(f"Cap {letter} {n}", group=group, order=n) for n in range(count, 0, -1)
        ]
        procedures[letter] = [p.filter_key for p in reversed(made)]
        for procedure in made:
            show(procedure)
    return reverse(f"{request.param}:index"), procedures


def offered(client, url, **parameters):
    return set(OPTION.findall(client.get(url, parameters).content.decode()))


def test_each_group_offers_its_first_twelve(client, filter_page):
    url, procedures = filter_page
    assert offered(client, url) == set(procedures["a"][:12]) | set(procedures["b"])


def test_a_procedure_past_the_twelfth_is_offered_when_asked_for(client, filter_page):
    url, procedures = filter_page
    thirteenth = procedures["a"][12]
    shown = offered(client, url, procedure=thirteenth)
    assert shown == set(procedures["a"][:12]) | {thirteenth} | set(procedures["b"])
