"""Error reports mailed to ADMINS carry no personal data, whichever view crashed.

A crash is forced deep inside each path (the database refuses an INSERT), so the traceback passes
through frames whose local variables hold what was submitted; then the mailed report is read.
"""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.consultations.conftest import (  # noqa: F401 (fixtures)
    form_data,
    procedure,
    submitted_values,
)
from tests.gallery import images
from tests.gallery.conftest import procedures  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CLIENT_IP = "198.51.100.23"
USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel of Henrietta)"
CSRF_SECRET = "Zq8" * 10 + "xy"  # 32 characters, as Django's CSRF secrets are
OTHER_COOKIE = "returning-visitor-henrietta"


def failing_insert_into(table):
    def wrapper(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{table}"'):
            raise RuntimeError("database fell over")
        return execute(sql, params, many, context)

    return wrapper


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Webmaster", "webmaster@example.test")]
    settings.DEBUG = False


def mailed_report(mailoutbox):
    [report] = [m for m in mailoutbox if m.to == ["webmaster@example.test"]]
    text = report.subject + report.body
    assert "database fell over" in text  # the report is useful: the error and its traceback
    assert 'File "' in text
    for alternative, _ in report.alternatives:  # should the handler ever attach HTML
        text += alternative
    return text


def test_consultation_crash_report_holds_no_client_data(
    admins,
    form_data,  # noqa: F811 (the fixtures imported above)
    procedure,  # noqa: F811
    mailoutbox,
):
    browser = Client(raise_request_exception=False, HTTP_USER_AGENT=USER_AGENT)
    browser.cookies["__Host-csrftoken"] = CSRF_SECRET
    browser.cookies["visitor"] = OTHER_COOKIE
    with connection.execute_wrapper(failing_insert_into("consultations_consultationrequest")):
        response = browser.post(
            reverse("consultations:request") + "?procedure=" + form_data["procedure"],
            form_data,
            REMOTE_ADDR=CLIENT_IP,
            HTTP_REFERER="https://www.example.org/procedures/eye/?from=henrietta",
        )
    assert response.status_code == 500
    report = mailed_report(mailoutbox)
    for value in [CLIENT_IP, USER_AGENT, "Pixel of Henrietta", CSRF_SECRET, OTHER_COOKIE]:
        assert value not in report, value
    assert "from=henrietta" not in report
    for value in submitted_values(form_data, procedure):
        assert value not in report, value
    assert "first_name" in report  # which fields were sent, without their values


def test_gallery_upload_crash_report_holds_no_file_names_texts_or_consent(
    admins,
    admin_client,
    procedures,  # noqa: F811 (the fixture imported above)
    mailoutbox,
):
    from tests.gallery.test_admin import case_form

    data = case_form(
        procedures,
        title="Smile restored for Mrs Quarrington",
        description="Mrs Quarrington's left side, eight months after the gracilis transfer.",
        **{
            "consents-0-form_reference": "CONSENT-2024-0417-QV",
            "pairs-0-before_upload": images.upload("quarrington-before.jpg", images.jpeg()),
            "pairs-0-before_alt": "Before: Mrs Quarrington at rest.",
        },
    )
    admin_client.raise_request_exception = False
    with connection.execute_wrapper(failing_insert_into("gallery_photopair")):
        response = admin_client.post(reverse("admin:gallery_case_add"), data, secure=True)
    assert response.status_code == 500
    report = mailed_report(mailoutbox)
    for value in [
        "quarrington-before",
        "jane-doe-after",
        "Quarrington",
        "eight months",
        "CONSENT-2024-0417-QV",
        "At rest",
        admin_client.cookies["__Host-sessionid"].value,
    ]:
        assert value not in report, value
