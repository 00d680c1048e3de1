"""Adding a case: the consent is asked for from the start, and a case hidden for want of it is
saved with a warning, not a green "success"."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib import messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gallery.models import Case, ConsentStatus

from .test_admin import ADD, CHANGELIST, case_form

pytestmark = pytest.mark.django_db


def levels_and_texts(response):
    return [(m.level, html.unescape(str(m))) for m in response.context["messages"]]


def consent_rows(response):
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "consents"
    )
    return len(formset.forms)


def test_the_add_form_opens_with_a_consent_row_to_fill_in(admin_client, make_case):
    response = admin_client.get(ADD)
    assert consent_rows(response) == 1
    html = response.content.decode()
    assert "Patient&#x27;s consent to show the photos" in html or "Patient's consent" in html
    assert 'name="consents-0-signed_on"' in html
    # A case that has a consent on record shows it, without an empty row; one without gets one.
    with_consent = make_case()
    assert (
        consent_rows(admin_client.get(reverse("admin:gallery_case_change", args=[with_consent.pk])))
        == 1
    )
    without = make_case(consent=None)
    response = admin_client.get(reverse("admin:gallery_case_change", args=[without.pk]))
    assert (
        consent_rows(response) == 1 and 'name="consents-0-signed_on"' in response.content.decode()
    )


def test_a_case_added_with_photos_and_consent_is_shown_and_says_so(admin_client, procedures):
    response = admin_client.post(ADD, case_form(procedures), follow=True)
    case = Case.objects.get()
    assert Case.objects.public().filter(pk=case.pk).exists()
    stored = levels_and_texts(response)
    assert [level for level, _ in stored] == [messages.SUCCESS]
    assert f"Published “{case}”: visitors see it" in stored[0][1]
    assert str(case) == f"Patient {case.number}: {case.title}"  # as the editor typed it


def test_a_published_case_saved_without_consent_gets_a_warning_not_a_success(
    admin_client, procedures
):
    data = case_form(procedures, **{"consents-0-signed_on": "", "consents-0-scope": "website"})
    response = admin_client.post(ADD, data, follow=True)
    case = Case.objects.get()
    assert not Case.objects.public().filter(pk=case.pk).exists()
    assert levels_and_texts(response) == [
        (
            messages.WARNING,
            f"Saved “{case}”, but visitors do not see it: no website consent is "
            "on record. To show it, record the patient's signed website consent under "
            "“Patient's consent to show the photos”.",
        )
    ]
    assert response.redirect_chain[-1][0] == CHANGELIST


def unchanged_form(response):
    """What the change page would post back if staff pressed Save without changing anything."""
    from django import forms

    def values(form):
        data = {}
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif isinstance(value, (list, tuple)):
                data[form.add_prefix(name)] = [str(v) for v in value]
            else:
                data[form.add_prefix(name)] = "" if value is None else str(value)
        return data

    data = values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = str(
                formset.management_form[name].value()
            )
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = str(formset.initial_form_count())
        for form in formset.initial_forms:
            data.update(values(form))
    return data


@pytest.mark.parametrize(
    ("consent", "says"),
    [
        ("expired", "its website consent has expired. To show it"),
        ("office", "no website consent is on record"),
        ("revoked", "the patient has withdrawn their website consent. It stays hidden."),
    ],
)
def test_saving_a_case_hidden_for_want_of_consent_warns_why(
    admin_client, make_case, procedures, consent, says
):
    case = make_case(consent=consent, procedures=[procedures["smile"]])
    url = reverse("admin:gallery_case_change", args=[case.pk])
    data = unchanged_form(admin_client.get(url))
    response = admin_client.post(url, {**data, "_continue": "1"}, follow=True)
    stored = levels_and_texts(response)
    assert [level for level, _ in stored] == [messages.WARNING], stored
    assert says in stored[0][1]
    # An active consent: the usual green message.
    shown = make_case(procedures=[procedures["smile"]])
    url = reverse("admin:gallery_case_change", args=[shown.pk])
    response = admin_client.post(url, unchanged_form(admin_client.get(url)), follow=True)
    assert [level for level, _ in levels_and_texts(response)] == [messages.SUCCESS]


def test_the_case_list_says_in_badges_why_a_case_is_hidden(admin_client, make_case):
    shown = make_case(title="Shown")
    missing = make_case(title="No consent", consent=None)
    draft = make_case(title="Draft", published=False)
    expired_draft = make_case(title="Expired draft", consent="expired", published=False, pairs=0)
    response = admin_client.get(CHANGELIST)
    model_admin = response.context["cl"].model_admin
    rows = {
        case.title: str(model_admin.status(case)) for case in response.context["cl"].result_list
    }
    assert "On the website" in rows[shown.title]
    assert ">Consent missing<" in rows[missing.title]
    assert ">Not published<" in rows[draft.title] and "Consent" not in rows[draft.title]
    assert all(
        word in rows[expired_draft.title]
        for word in (">Not published<", ">Consent expired<", ">No photos<")
    )
    headings = [
        str(h["text"])
        for h in response.context["result_headers"]
        if "action-toggle" not in str(h["text"])
    ]
    assert headings == ["Photo", "Case", "Procedures", "On the website", "unpublished changes"]


def test_the_staff_home_filter_lists_published_cases_hidden_for_want_of_consent(
    admin_client, make_case
):
    expected = {
        make_case(title="Missing", consent=None).pk,
        make_case(title="Expired", consent="expired").pk,
        make_case(title="Office only", consent="office").pk,
    }
    make_case(title="Shown")
    make_case(title="Unpublished, no consent", consent=None, published=False)
    response = admin_client.get(CHANGELIST, {"on_site": "no_consent"})
    assert {case.pk for case in response.context["cl"].result_list} == expected
    assert all(
        case.consent_status != ConsentStatus.ACTIVE for case in response.context["cl"].result_list
    )


@pytest.fixture
def withdrawn(make_case, make_procedure):
    from gallery.services import record_consent_revocation

    case = make_case(procedures=[make_procedure()])
    record_consent_revocation([case])
    return case


@pytest.fixture
def editor(sign_in_staff):
    from practice_site import roles

    return sign_in_staff(roles.CONTENT_EDITOR, "editor")


def test_a_recorded_withdrawal_cannot_be_emptied_to_bring_the_photos_back(editor, withdrawn):
    from tests.drafts.helpers import submit

    response = submit(
        editor, withdrawn, {"consents-0-revoked_on": "", "is_published": "on"}, "_save"
    )
    assert response.status_code == 302
    consent = withdrawn.consents.get()
    assert consent.revoked_on == timezone.localdate()
    assert not Case.objects.public().filter(pk=withdrawn.pk).exists()
    change = editor.get(reverse("admin:gallery_case_change", args=[withdrawn.pk]))
    text = html.unescape(change.content.decode())
    assert "A recorded withdrawal is kept" in text
    assert "An administrator (a superuser) can correct it" in text
    locked = re.search(r'<input[^>]*name="consents-0-revoked_on"[^>]*>', text)[0]
    assert "disabled" in locked and "vDateField" not in locked  # no calendar to pick from


def test_a_withdrawal_recorded_by_mistake_is_corrected_by_a_superuser_and_logged(
    admin_client, withdrawn
):
    from django.contrib.admin.models import LogEntry

    from tests.drafts.helpers import submit

    change = admin_client.get(reverse("admin:gallery_case_change", args=[withdrawn.pk]))
    assert "Change or delete it only to correct a mistake" in html.unescape(change.content.decode())
    response = submit(admin_client, withdrawn, {"consents-0-revoked_on": ""}, "_save")
    assert response.status_code == 302
    assert withdrawn.consents.get().revoked_on is None
    entry = LogEntry.objects.filter(object_id=str(withdrawn.pk)).latest("action_time")
    assert "Revoked on" in entry.get_change_message()


def test_a_recorded_withdrawal_cannot_be_deleted_for_an_older_consent_to_count_again(
    editor, withdrawn
):
    from tests.drafts.helpers import submit

    backdated = {
        "consents-TOTAL_FORMS": "2",
        "consents-1-scope": "website",
        "consents-1-signed_on": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "consents-1-case": str(withdrawn.pk),
    }
    response = submit(
        editor,
        withdrawn,
        {"consents-0-DELETE": "on", "is_published": "on", **backdated},
        "_save",
    )
    assert response.status_code == 302
    assert withdrawn.consents.count() == 2
    assert withdrawn.consents.filter(revoked_on=timezone.localdate()).exists()
    assert not Case.objects.public().filter(pk=withdrawn.pk).exists()
    assert Client().get(withdrawn.get_absolute_url()).status_code == 404


def test_a_case_published_with_its_box_unticked_says_how_to_show_it(admin_client, procedures):
    data = case_form(procedures)
    del data["is_published"]
    response = admin_client.post(ADD, data, follow=True)
    case = Case.objects.get()
    assert not Case.objects.public().filter(pk=case.pk).exists()
    assert levels_and_texts(response) == [
        (
            messages.WARNING,
            f"Saved “{case}”, but visitors do not see it: “published” is not "
            "ticked (tick it, then Publish, to show it).",
        )
    ]
