"""A condition's page leads on: cases of the cause, and cases and testimonials of its treatments."""

import pytest
from django.urls import reverse

from tests.html import page_html

pytestmark = pytest.mark.django_db


def test_a_condition_shows_cases_and_testimonials_of_its_treatments(
    client, practice, make_group, make_procedure, make_condition, make_case, make_testimonial
):
    group = make_group("Muscle surgery")
    gracilis = make_procedure("Gracilis transfer", group=group)
    sling = make_procedure("Static sling", group=group)
    brow = make_procedure("Brow lift", group=group)
    condition = make_condition("Moebius syndrome", procedures=[gracilis, sling])
    make_case(title="A child’s new smile", procedures=[gracilis, sling])  # shown once
    make_case(title="A lifted brow", procedures=[brow])
    make_case(title="Withdrawn", consent="revoked", procedures=[gracilis])
    make_testimonial(procedure=sling, quote="The sling helped at rest.")
    make_testimonial(procedure=brow, quote="About the brow.")

    html = page_html(client, condition.get_absolute_url())

    assert html.count("A child’s new smile") == 1
    assert "A lifted brow" not in html and "Withdrawn" not in html
    assert f'<a class="link-arrow" href="{reverse("gallery:index")}">All before-and-after' in html
    assert "The sling helped at rest." in html and "About the brow." not in html
    # Each testimonial names its treatment, since the page is about several.
    assert f'class="testimonial__procedure" href="{sling.get_absolute_url()}"' in html


def test_a_condition_without_cases_or_testimonials_shows_neither(
    client, practice, make_procedure, make_condition, make_case
):
    condition = make_condition("Facial trauma", procedures=[make_procedure("Nerve graft")])
    make_case(title="Another treatment’s case", procedures=[make_procedure("Facelift")])
    html = page_html(client, condition.get_absolute_url())
    assert "procedure-cases-title" not in html and "procedure-testimonials-heading" not in html


def test_cases_and_testimonials_of_the_treatments_most_particular_to_the_cause_come_first(
    client, practice, make_procedure, make_condition, make_case, make_testimonial
):
    eye_care = make_procedure("Eye care")  # a treatment of every cause
    smile_muscle = make_procedure("Smile muscle")  # of this cause alone
    moebius = make_condition("Moebius syndrome", procedures=[eye_care, smile_muscle])
    for other in ("Bell’s palsy", "Trauma"):
        make_condition(other, procedures=[eye_care])
    for hidden in ("Draft one", "Draft two", "Draft three"):  # not shown: not counted
        make_condition(hidden, procedures=[smile_muscle], is_published=False)
    for order in range(3):
        make_case(title=f"Eye case {order}", order=order, procedures=[eye_care])
    make_case(title="Smile case", order=9, procedures=[smile_muscle])
    make_testimonial(procedure=eye_care, quote="About the eyes.", is_featured=True, days_ago=1)
    make_testimonial(procedure=eye_care, quote="Eyes again.", days_ago=2)
    make_testimonial(procedure=smile_muscle, quote="About the smile.", days_ago=50)

    html = page_html(client, moebius.get_absolute_url())

    assert html.index("Smile case") < html.index("Eye case 0") < html.index("Eye case 1")
    assert "Eye case 2" not in html
    assert html.index("About the smile.") < html.index("About the eyes.")
    assert "Eyes again." not in html


def test_cases_and_testimonials_of_the_cause_come_first_whatever_their_treatment(
    client, practice, make_procedure, make_condition, make_case, make_testimonial
):
    listed = make_procedure("Listed treatment")
    moebius = make_condition("Moebius syndrome", procedures=[listed])
    make_case(title="Treatment case", order=0, procedures=[listed])
    cause_case = make_case(title="Cause case", order=5, procedures=[make_procedure("Other")])
    cause_case.causes.set([moebius])
    bells = make_condition("Bell’s palsy")
    make_case(title="Another cause", order=1).causes.set([bells])
    make_testimonial(procedure=listed, quote="About the treatment.", is_featured=True)
    make_testimonial(cause=moebius, quote="About the cause.", days_ago=90)
    make_testimonial(cause=bells, quote="About another cause.")

    html = page_html(client, moebius.get_absolute_url())

    assert html.index("Cause case") < html.index("Treatment case")
    assert "Another cause" not in html
    assert html.index("About the cause.") < html.index("About the treatment.")
    assert "About another cause." not in html


def test_those_that_name_another_cause_come_after_those_that_name_none(
    client, practice, make_procedure, make_condition, make_case, make_testimonial
):
    particular, shared = make_procedure("Particular"), make_procedure("Shared")
    moebius = make_condition("Moebius syndrome", procedures=[particular, shared])
    make_condition("Trauma", procedures=[shared])
    bells = make_condition("Bell’s palsy", procedures=[shared])
    make_case(title="Bell’s case", order=0, procedures=[particular]).causes.set([bells])
    make_case(title="Untold case", order=1, procedures=[shared])
    make_testimonial(procedure=particular, cause=bells, quote="After my Bell’s palsy.")
    make_testimonial(procedure=shared, quote="No cause named.", days_ago=30)

    html = page_html(client, moebius.get_absolute_url())

    assert "Before and after: Moebius syndrome" in html
    assert html.index("Untold case") < html.index("Bell’s case")
    assert html.index("No cause named.") < html.index("After my Bell’s palsy.")
