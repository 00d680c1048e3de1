"""The form: every validation rule, what the patient sees on error, and what is kept."""

import re

import pytest
from django.urls import reverse

from consultations.forms import CONSENT_VERSION, ConsultationForm
from consultations.models import ConsultationRequest

pytestmark = pytest.mark.django_db


def errors_for(data):
    form = ConsultationForm(data)
    assert not form.is_valid()
    return form.errors


def test_valid_submission_is_accepted_and_normalised(form_data, procedure):
    form = ConsultationForm(form_data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+16265550142"
    assert form.cleaned_data["procedure"] == procedure
    assert form.spam_reason() == ""


@pytest.mark.parametrize(
    "field, message",
    [
        ("first_name", "Enter your first name."),
        ("last_name", "Enter your last name."),
        ("phone", "Enter a phone number, so that we can call you back."),
        ("message", "Tell us briefly what you would like help with."),
        ("consent", "Tick the box to agree, so that we can keep your request and reply to it."),
    ],
)
def test_each_required_field_has_its_own_message(form_data, field, message):
    form_data.pop(field)
    assert errors_for(form_data) == {field: [message]}


@pytest.mark.parametrize("field", ["first_name", "last_name", "message"])
def test_whitespace_only_counts_as_missing(form_data, field):
    form_data[field] = " \t\n  "
    assert field in errors_for(form_data)


@pytest.mark.parametrize(
    "field, limit",
    [
        ("first_name", 80),
        ("last_name", 80),
        ("email", 254),
        ("phone", 64),  # as typed; it is stored shorter
        ("message", 3000),
    ],
)
def test_over_long_values_are_refused_with_the_limit_and_length(form_data, field, limit):
    value = "a" * (limit + 1)
    if field == "email":
        value = "a" * (limit - 11) + "@example.org"
    form_data[field] = value
    [message] = errors_for(form_data)[field]
    assert f"{limit:,}" in message and f"has {limit + 1:,})" in message


def test_email_may_be_left_out_unless_the_reply_should_come_by_email(client, form_data):
    form_data.update(email="", contact_method="phone")
    form = ConsultationForm(form_data)
    assert form.is_valid(), form.errors
    form_data["contact_method"] = "email"
    assert errors_for(form_data)["email"] == [
        "Enter your email address, or choose a phone call or a text message below."
    ]
    form_data["contact_method"] = "text"
    assert client.post(reverse("consultations:request"), form_data).status_code == 302
    stored = ConsultationRequest.objects.get()
    assert stored.email == "" and stored.contact_method == "text"


def test_a_message_loses_direction_overrides_but_keeps_what_right_to_left_text_needs(form_data):
    """An override can make the text staff read differ from the text sent ("Trojan source")."""
    form_data["message"] = (
        "Eye \u202eesolc t'nseod\u202c, since \u2067מרץ\u2069 \u200fשלום 👨\u200d⚕️"
    )
    form = ConsultationForm(form_data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["message"] == "Eye esolc t'nseod, since מרץ \u200fשלום 👨\u200d⚕️"


def test_an_over_long_message_comes_back_whole_with_its_length(client, form_data):
    """The box has no maxlength: a browser would cut a longer paste without a word."""
    assert "maxlength" not in str(ConsultationForm()["message"])
    form_data["message"] = "My story. " * 350 + "THE END"
    response = client.post(reverse("consultations:request"), form_data)
    html = response.content.decode()
    assert "Please shorten your message to 3,000 characters (it has 3,507)" in html
    assert "THE END</textarea>" in html and ConsultationRequest.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        *["Zoë", "O'Brien", "Anne-Marie", "de la Cruz", "J. R.", "李", "Nguyễn", "D’Angelo"],
        # A word processor's or a phone keyboard's hyphens, dash and apostrophe.
        *["Anne\u2010Marie", "Anne\u2011Marie", "Anne–Marie", "O‘Neill"],
        *["O´Neill", "O`Neill"],  # the acute accent and grave of keyboards without an apostrophe
        "Smith, Jr.",
        "Anne-Marie (Annie)",  # the name people use, in brackets
        # Scripts written with combining marks, and a Persian name with a zero-width non-joiner.
        *["निधि", "அருண்", "מֹשֶׁה", "مُحَمَّد", "ශ්‍රී", "نیک\u200cنام"],
    ],
)
def test_real_names_in_any_alphabet_are_accepted(form_data, name):
    form_data["first_name"] = form_data["last_name"] = name
    form = ConsultationForm(form_data)
    assert form.is_valid(), form.errors


NAME_HINT = (
    "Enter your first name using letters; spaces, hyphens, apostrophes and brackets are fine."
)
BAD_NAMES = [
    *["Maria3", "http://spam.example", "<b>", "@@", "---", "Ann_Lee", "\u0301\u0301", "٣"],
    "()",
]
EMAIL_HINT = "Enter an email address in the right format, like name@example.com."
BAD_EMAILS = [
    *["henrietta", "henrietta@", "@example.org", "a b@example.org", "henrietta@example"],
    "henrietta@localhost",  # Django allows it; no reply could reach it
]


@pytest.mark.parametrize(
    "field, value, message",
    [("first_name", name, NAME_HINT) for name in BAD_NAMES]
    + [("email", email, EMAIL_HINT) for email in BAD_EMAILS],
)
def test_names_with_digits_or_symbols_and_malformed_emails_are_refused(
    form_data, field, value, message
):
    form_data[field] = value
    assert errors_for(form_data)[field] == [message]


@pytest.mark.parametrize(
    "field, raw, stored",
    [
        ("first_name", "  Mary   Jane ", "Mary Jane"),  # extra spaces removed
        ("email", "Henrietta.QV@Example.ORG", "Henrietta.QV@example.org"),  # not the mailbox
        # Invisible characters a paste brings along (a direction mark, a zero-width space, a
        # soft hyphen, a byte-order mark) are not stored: nobody could see them to correct them.
        ("first_name", "\u200fדנה", "דנה"),
        ("last_name", "\u200eCohen\u200b", "Cohen"),
        ("first_name", "\ufeffMa\u00adria", "Maria"),
        ("last_name", "نیک\u200cنام", "نیک\u200cنام"),  # a joiner is part of the spelling
        ("email", "mei.chen@gmail.com\u200b", "mei.chen@gmail.com"),
        ("email", "\u2066mei.chen@gmail.com\u2069", "mei.chen@gmail.com"),
        # A Chinese or Japanese keyboard's full stops in the domain, or ending the sentence.
        ("email", "mei.chen@gmail\uff0ecom\u3002", "mei.chen@gmail.com"),
        ("email", "mei.chen\uff20gmail.com", "mei.chen@gmail.com"),
        ("email", "mei.chen@gmail.com \u200b", "mei.chen@gmail.com"),  # a space, then a mark
        # Phone numbers in E.164, the US as the default country.
        ("phone", "(626) 555-0142", "+16265550142"),
        ("phone", "626.555.0142", "+16265550142"),
        ("phone", "1 626 555 0142", "+16265550142"),
        ("phone", "+1 (626) 555-0142", "+16265550142"),
        ("phone", "+44 20 7946 0958", "+442079460958"),
        ("phone", "+33 1 42 68 53 00", "+33142685300"),
        ("phone", "0044 20 7946 0958", "+442079460958"),  # "00" for "+", as in Europe
        ("phone", "011 44 20 7946 0958", "+442079460958"),  # the US way of dialling abroad
        # An extension is kept, as RFC 3966 writes it: staff need it past a switchboard.
        ("phone", "626-555-0142 x204", "+16265550142;ext=204"),
        ("phone", "(626) 555-0142 ext. 12", "+16265550142;ext=12"),
        ("phone", "+44 20 7946 0958 ext 3", "+442079460958;ext=3"),
        ("phone", "626 555 0142 x٢٠٤", "+16265550142;ext=204"),  # Arabic-Indic digits
        # Which phone it is, said after the number as well as before it.
        ("phone", "626-555-0142 (cell)", "+16265550142"),
        ("phone", "626-555-0142 mobile", "+16265550142"),
        ("phone", "Cell: 626-555-0142", "+16265550142"),
        ("phone", "626-555-0142 ext. 204 (work)", "+16265550142;ext=204"),
    ],
)
def test_values_are_stored_tidied(form_data, field, raw, stored):
    form_data.update({field: raw, "contact_method": "phone"})
    form = ConsultationForm(form_data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == stored


@pytest.mark.parametrize(
    "raw", ["12", "555-01", "not a number", "(000) 000-0000", "+99 123", "626 555 01420000"]
)
def test_impossible_phone_numbers_are_refused(form_data, raw):
    form_data["phone"] = raw
    [message] = errors_for(form_data)["phone"]
    assert message.startswith("Enter a phone number we can call, like (626) 555-0142")


def test_no_box_cuts_what_the_patient_pastes(form_data):
    """A maxlength would make the browser cut a paste silently: here the extension's last
    digit, and the wrong extension would be stored."""
    assert "maxlength" not in str(ConsultationForm())
    form_data.update(phone="+1 (626) 765-6885, extension 2045", contact_method="phone")
    form = ConsultationForm(form_data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+16267656885;ext=2045"


def test_an_over_long_extension_is_refused_saying_why(form_data):
    form_data["phone"] = "6265550142 ext 12345678901"
    assert errors_for(form_data)["phone"] == [
        "An extension can have at most 10 digits. Check the number, or put the extension in "
        "your message."
    ]


def test_a_text_message_to_an_extension_is_refused_saying_why(form_data):
    form_data.update(phone="626-555-0142 x204", contact_method="text")
    assert errors_for(form_data) == {
        "contact_method": [
            "A text message cannot reach a phone extension. Choose a phone call, or give a "
            "mobile number above."
        ]
    }
    form_data["contact_method"] = "phone"
    form = ConsultationForm(form_data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+16265550142;ext=204"


@pytest.mark.parametrize(
    "field, value",
    [
        ("contact_method", "fax"),
        ("best_time", "midnight"),
        ("patient", "dog"),
        ("heard_about", "tv"),
        ("procedure", "999999"),
        ("procedure", "²"),
        ("procedure", "9" * 23),
    ],
)
def test_choices_outside_the_list_are_refused(form_data, field, value):
    form_data[field] = value
    assert field in errors_for(form_data)


def test_draft_procedures_are_not_offered(form_data, procedure):
    procedure.status = procedure.Status.DRAFT
    procedure.save()
    assert "procedure" in errors_for(form_data)
    assert procedure.title not in ConsultationForm().as_p()


def test_optional_choices_may_be_left_out(form_data):
    for field in ("contact_method", "best_time", "patient", "procedure", "heard_about"):
        form_data.pop(field)
    form = ConsultationForm(form_data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["procedure"] is None


@pytest.mark.parametrize(
    ("zone", "said"),
    [("America/Los_Angeles", "In Los Angeles time"), ("Europe/London", "In London time")],
)
def test_the_best_time_to_call_says_whose_time_it_is(client, settings, zone, said):
    """The phone field invites numbers from abroad: "Morning" needs its time zone."""
    settings.TIME_ZONE = zone
    html = client.get(reverse("consultations:request")).content.decode()
    best_time = re.search(r'<select name="best_time"[^>]*aria-describedby="([^"]+)"', html)
    assert best_time, "the choice is described by its help text"
    help_text = re.search(rf'id="{best_time[1]}"[^>]*>([^<]*)<', html)[1]
    assert help_text == f"{said}, where the practice is."


def test_form_page_shows_every_field_legend_and_consent_links(client, procedure):
    response = client.get(reverse("consultations:request"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "* indicates required fields" in re.sub(r"<[^>]+>", "", html)
    for name in (
        "first_name",
        "last_name",
        "email",
        "phone",
        "contact_method",
        "best_time",
        "patient",
        "procedure",
        "message",
        "heard_about",
        "consent",
    ):
        assert f'name="{name}"' in html
    assert f'href="{reverse("pages:terms")}">terms of use</a>' in html
    assert f'href="{reverse("pages:privacy")}">privacy notice</a>' in html
    assert "Not sure yet" in html and procedure.title in html
    assert " novalidate" in html  # our messages, not the browser's, so every error is explained
    assert 'autocomplete="given-name"' in html and 'autocomplete="tel"' in html
    # Typed in Arabic or Hebrew, a name or message reads right to left in its box.
    for name in ("first_name", "last_name", "message"):
        assert re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*dir="auto"', html), name
    assert "Procedure you are interested in" in html  # the list has no conditions


def test_procedure_in_the_address_is_preselected(client, procedure):
    response = client.get(reverse("consultations:request") + f"?procedure={procedure.pk}")
    assert f'<option value="{procedure.pk}" selected>' in response.content.decode()


# "²" passes str.isdigit() but not int(); 23 digits overflow the database's integer.
@pytest.mark.parametrize("value", ["999999", "abc", "", "%C2%B2", "9" * 23])
def test_unknown_procedure_in_the_address_preselects_not_sure_yet(client, procedure, value):
    response = client.get(reverse("consultations:request") + f"?procedure={value}")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="" selected>Not sure yet</option>' in html


def test_errors_are_summarised_linked_described_and_everything_typed_is_kept(client, form_data):
    form_data.update(first_name="Maria3", email="not-an-email", message="   ")
    form_data.pop("consent")
    response = client.post(reverse("consultations:request"), form_data)
    html = response.content.decode()

    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    assert response.context["form"].errors
    # The title says there is an error; the summary takes focus and links to each field.
    assert "<title>Error: Request a consultation" in html
    summary = html[
        html.index('class="error-summary"') : html.index(
            "</ul>", html.index('class="error-summary"')
        )
    ]
    assert "autofocus" in html[html.index('<div class="error-summary"') :][:200]
    assert 'tabindex="-1"' in summary[:200]
    for target in ("id_first_name", "id_email", "id_message", "id_consent"):
        assert f'href="#{target}"' in summary
    assert (
        summary.index("#id_first_name")
        < summary.index("#id_email")
        < summary.index("#id_message")
        < summary.index("#id_consent")
    )
    # Each message is tied to its input.
    for field in ("first_name", "email", "message", "consent"):
        assert re.search(rf'<(input|textarea)[^>]*aria-describedby="[^"]*id_{field}_error', html), (
            field
        )
        assert re.search(rf'aria-invalid="true"[^>]*id="id_{field}"', html), field
        assert f'id="id_{field}_error"' in html
    # What was typed (valid or not) is still there.
    assert 'value="Maria3"' in html
    assert 'value="not-an-email"' in html
    assert 'value="Quarrington-Vale"' in html
    assert 'value="(626) 555-0142"' in html
    assert 'value="text" id="id_contact_method_2" checked' in html.replace("  ", " ")
    assert '<option value="morning" selected>' in html
    # The timing token of the first visit is kept, so fixing errors never looks "too fast".
    assert f'value="{form_data["form_started"]}"' in html


def test_radio_group_error_links_to_its_first_option(client, form_data):
    form_data["patient"] = "dog"
    html = client.post(reverse("consultations:request"), form_data).content.decode()
    assert 'href="#id_patient_0"' in html
    assert re.search(r'<fieldset[^>]*aria-describedby="id_patient_error"', html)


def test_form_page_runs_a_constant_small_number_of_queries(
    client, procedure, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):  # profile, provider, procedure groups, procedures
        client.get(reverse("consultations:request"))


def test_the_list_offers_each_groups_first_procedures_and_the_one_asked_for(
    client, procedure, make_procedure, form_data, post, django_assert_max_num_queries
):
    """However many procedures a group has, the page offers OFFERED_PER_GROUP of them (issue 15);
    a procedure page's button still preselects its own, and choosing it still validates."""
    from procedures.models import OFFERED_PER_GROUP

    procedure.order = 0
    procedure.save()
    later = [
        make_procedure(f"Muscle procedure {n:02d}", group=procedure.group, order=n + 1)
        for n in range(OFFERED_PER_GROUP + 10)
    ]
    url = reverse("consultations:request")
    html = client.get(url).content.decode()
    select = re.search(r'<select name="procedure".*?</select>', html, re.S).group()
    assert select.count("<option") == 1 + OFFERED_PER_GROUP  # with "Not sure yet"
    assert procedure.title in html and later[-1].title not in html
    with django_assert_max_num_queries(4):  # the one asked for: in the same query
        html = client.get(url + f"?procedure={later[-1].pk}").content.decode()
    assert f'<option value="{later[-1].pk}" selected>{later[-1].title}</option>' in html
    response = post({**form_data, "procedure": str(later[-1].pk)})
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().procedure == later[-1]


def test_consent_version_is_a_dated_label():
    assert re.fullmatch(r"\d{4}-\d{2}", CONSENT_VERSION)


def test_every_stored_value_is_checked_against_its_column(form_data, monkeypatch):
    """The form reads the limits from the model, so a column narrower than the field still holds."""
    monkeypatch.setattr(ConsultationRequest._meta.get_field("phone"), "max_length", 11)
    errors = errors_for(form_data)  # "(626) 555-0142" is stored as +16265550142: 12 characters
    assert errors == {
        "phone": [
            "Phone number is too long for our records: it can have at most 11 "
            "characters as we store it, and this one has 12."
        ]
    }


def test_the_form_is_rendered_through_the_sites_own_crispy_templates(client, procedure):
    response = client.get(reverse("consultations:request"))
    used = {template.name for template in response.templates if template.name}
    assert {"crispy_practice/field.html", "crispy_practice/layout/fieldset.html"} <= used
    assert not [name for name in used if name.startswith("bootstrap")]
