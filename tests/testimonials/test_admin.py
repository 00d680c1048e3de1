"""Moderation in admin: the list, bulk publish and unpublish, and the change form's checks."""

import json
import re
from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from practice_site.drafts.models import Version
from testimonials import models

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:testimonials_testimonial_changelist")
ADD = reverse("admin:testimonials_testimonial_add")


def run_action(client, action, testimonials):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [t.pk for t in testimonials],
        },
        follow=True,
    )


def form_data(**overrides):
    data = {
        "quote": "The team explained every step.",
        "display_name": "",
        "patient_name": "",
        "rating": "5",
        "procedure": "",
        "source": models.Testimonial.Source.EMAIL,
        "received_on": timezone.localdate().isoformat(),
        "consent_date": "",
    }
    data.update(overrides)
    return data


def test_staff_find_testimonials_by_consent_publication_rating_procedure_and_words(
    admin_client, make_testimonial, smile
):
    """The moderation filters and search narrow the list to the right testimonials."""
    about_smile = make_testimonial(
        procedure=smile,
        rating=4,
        quote="Findable words here.",
        source=models.Testimonial.Source.EMAIL,
    )
    waiting = make_testimonial(consent_date=None, is_published=False, quote="No consent yet.")
    featured = make_testimonial(is_featured=True, quote="Shown on the home page.")

    def shown(**params):
        response = admin_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return {t.pk for t in response.context["cl"].result_list}

    assert shown() == {about_smile.pk, waiting.pk, featured.pk}
    assert shown(consent_date__isempty="1") == {waiting.pk}
    assert shown(is_published__exact="0") == {waiting.pk}
    assert shown(is_featured__exact="1") == {featured.pk}
    assert shown(rating__exact="4") == {about_smile.pk}
    assert shown(source__exact=models.Testimonial.Source.EMAIL) == {about_smile.pk}
    assert shown(procedure__id__exact=str(smile.pk)) == {about_smile.pk}
    assert shown(q="findable") == {about_smile.pk}
    assert shown(q="smile reanimation") == {about_smile.pk}  # by the procedure's title
    # The rating reads as stars (and in words for screen readers), the state as a badge.
    html = admin_client.get(CHANGELIST, {"q": "findable"}).content.decode()
    assert "★★★★☆" in html and "4 out of 5" in html
    assert ">On the site<" in html and ">Sample text<" not in html


def test_on_the_site_column_says_which_ones_the_public_sees(
    admin_client, make_testimonial, make_procedure
):
    """A published testimonial about a draft procedure is not on the site, and the list says so."""
    from procedures.models import Procedure

    shown = make_testimonial(quote="Visible on the site.")
    about_draft = make_testimonial(
        procedure=make_procedure("Brow lift", status=Procedure.Status.DRAFT)
    )
    unpublished = make_testimonial(is_published=False)
    column = admin_client.get(CHANGELIST).context["cl"].list_display.index("status")
    response = admin_client.get(CHANGELIST, {"o": f"-{column}"})  # "On the site" first
    rows = response.context["cl"].result_list
    assert {row.pk: row.is_public for row in rows} == {
        shown.pk: True,
        about_draft.pk: False,
        unpublished.pk: False,
    }
    assert rows[0] == shown
    cells = re.findall(
        r'<td class="field-status"><span class="status-badge status-badge--\w+">([^<]+)<',
        response.content.decode(),
    )
    assert cells[0] == "On the site"
    assert sorted(cells[1:]) == ["Hidden: its procedure is a draft", "Not published"]


def test_publish_action_publishes_only_testimonials_with_consent(admin_client, make_testimonial):
    ready = make_testimonial(is_published=False, quote="Consent is on file.")
    missing = make_testimonial(
        is_published=False, consent_date=None, quote="No consent yet for this one."
    )
    response = run_action(admin_client, "publish_selected", [ready, missing])
    ready.refresh_from_db()
    missing.refresh_from_db()
    assert ready.is_published is True
    assert missing.is_published is False
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Published 1 testimonial." in notes
    refusal = next(n for n in notes if n.startswith("Not published"))
    assert "no publication consent is recorded for 1 testimonial" in refusal
    assert "No consent yet for this one." in refusal
    assert reverse("admin:testimonials_testimonial_change", args=[missing.pk]) in refusal
    assert "Consent is on file." not in refusal
    # The refusal is shown as an error on the page staff land on.
    assert 'class="error"' in response.content.decode()


def test_publish_action_says_when_visitors_still_do_not_see_one(
    admin_client, make_testimonial, make_procedure
):
    from procedures.models import Procedure

    draft = make_procedure("Brow lift", status=Procedure.Status.DRAFT)
    about_draft = make_testimonial(is_published=False, procedure=draft)
    plain = make_testimonial(is_published=False)
    response = run_action(admin_client, "publish_selected", [about_draft, plain])
    [note] = [str(m) for m in get_messages(response.wsgi_request)]
    assert note.startswith("Published 2 testimonials, but visitors do not see 1 of them yet")
    assert reverse("admin:procedures_procedure_change", args=[draft.pk]) in note
    assert 'class="warning"' in response.content.decode()


def test_publish_action_records_who_published(admin_client, make_testimonial):
    testimonial = make_testimonial(is_published=False)
    run_action(admin_client, "publish_selected", [testimonial])
    testimonial.refresh_from_db()
    assert testimonial.is_published is True
    logged = LogEntry.objects.get(object_id=str(testimonial.pk))
    assert logged.get_change_message() == "Published from the list."
    assert logged.user.username == "boss"


def test_unpublish_action_takes_testimonials_off_the_site(
    admin_client, client, practice, make_testimonial
):
    shown = make_testimonial(quote="About to be withdrawn.")
    response = run_action(admin_client, "unpublish_selected", [shown])
    shown.refresh_from_db()
    assert shown.is_published is False
    assert "Unpublished 1 testimonial" in [str(m) for m in get_messages(response.wsgi_request)][0]
    client.logout()
    page = client.get(reverse("testimonials:index")).content.decode()
    assert "About to be withdrawn." not in page


def test_change_form_refuses_to_publish_without_consent(admin_client, make_testimonial):
    testimonial = make_testimonial(is_published=False, consent_date=None)
    url = reverse("admin:testimonials_testimonial_change", args=[testimonial.pk])
    data = form_data(quote=testimonial.quote, display_name="S.H.", is_published="on")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "cannot be published without the patient's consent" in errors["consent_date"][0]
    assert "cannot be published without the patient&#x27;s consent" in response.content.decode()
    testimonial.refresh_from_db()
    assert testimonial.is_published is False


def test_add_form_makes_initials_from_a_name_it_does_not_keep(admin_client):
    data = form_data(
        patient_name="Rosa Maria Delgado", consent_date="2025-01-02", is_published="on"
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    testimonial = models.Testimonial.objects.get()
    assert testimonial.display_name == "R.D."
    assert testimonial.is_published
    stored = [str(v) for v in models.Testimonial.objects.values().get().values()]
    stored += [json.dumps(version.data) for version in Version.objects.all()]
    assert not any("Delgado" in value for value in stored)


def test_add_form_asks_for_initials_or_a_name(admin_client):
    response = admin_client.post(ADD, form_data())
    assert response.status_code == 200
    assert (
        "Enter the initials to show" in response.context["adminform"].form.errors["display_name"][0]
    )
    assert not models.Testimonial.objects.exists()


def test_typed_initials_win_over_the_name(admin_client):
    admin_client.post(ADD, form_data(display_name=" Maria ", patient_name="Maria Lopez"))
    assert models.Testimonial.objects.get().display_name == "Maria"


def test_a_quote_too_long_is_refused_whole_never_cut(admin_client):
    # A maxlength on the box would make the browser cut a pasted quote mid-word, and save it.
    assert "maxlength" not in str(admin_client.get(ADD).context["adminform"].form["quote"])
    quote = " ".join(["The team explained every step and answered every question."] * 44)
    response = admin_client.post(ADD, form_data(quote=quote, display_name="S.H."))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["quote"]
    assert f"at most 2000 characters (it has {len(quote)})" in error
    assert quote in unescape(response.content.decode())  # the whole text, to shorten
    assert not models.Testimonial.objects.exists()


def test_a_published_testimonial_is_named_without_doubled_quotation_marks(admin_client):
    data = form_data(
        quote="For six years I could not smile.",
        display_name="R.M.",
        consent_date=timezone.localdate().isoformat(),
        is_published="on",
    )
    response = admin_client.post(ADD, data, follow=True)
    [said] = [unescape(re.sub(r"<[^>]+>", "", str(m))) for m in response.context["messages"]]
    assert said.startswith("Published “R.M.: For six years I could not smile.”: visitors see it")


def test_a_date_typed_day_first_is_refused_saying_how_to_write_it(admin_client):
    data = form_data(display_name="R.M.", consent_date="31/12/2025")
    response = admin_client.post(ADD, data)
    assert not models.Testimonial.objects.exists()
    assert response.context["adminform"].form.errors["consent_date"] == [
        "Enter the date as year-month-day, e.g. 2026-12-31, or as month/day/year, e.g. "
        "12/31/2026 (or pick it from the calendar)."
    ]
    data["consent_date"] = "12/31/2025"  # as the message says
    assert admin_client.post(ADD, data).status_code == 302
    assert str(models.Testimonial.objects.get().consent_date) == "2025-12-31"
