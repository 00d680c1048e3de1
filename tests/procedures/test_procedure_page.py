"""What a procedure page shows beside its text: the "At a glance" facts."""

import re

import pytest

from tests.html import page_html

pytestmark = pytest.mark.django_db


def glance(html):
    """The facts of the "At a glance" box, as (label, value) pairs; None without the box."""
    box = re.search(r'<section class="glance".*?</section>', html, re.S)
    return box and re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", box.group())


def test_the_facts_staff_filled_in_are_shown_at_a_glance(client, practice, long_procedure):
    assert glance(page_html(client, long_procedure.get_absolute_url())) == [
        ("Type", "Surgery"),
        ("Anesthesia", "General anesthesia"),
        ("Hospital stay", "One night"),
        ("Recovery", "Six to twelve months for the nerve to grow"),
    ]


def test_a_blank_fact_is_left_out_and_no_facts_means_no_box(client, practice, make_procedure):
    some = make_procedure("Brow lift", anesthesia="Local anesthesia", recovery="About a week")
    assert glance(page_html(client, some.get_absolute_url())) == [
        ("Type", "Surgery"),
        ("Anesthesia", "Local anesthesia"),
        ("Recovery", "About a week"),
    ]
    none = make_procedure("Eyelid weight")
    html = page_html(client, none.get_absolute_url())
    assert glance(html) is None and "At a glance" not in html
