"""Logs: one JSON object per line when LOG_FORMAT=json, plain text by default, no patient data."""

import copy
import io
import json
import logging
import logging.config
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import ConsultationRequest
from consultations.spam import make_token
from practice_site.logging import JSONFormatter, RequestIdFilter, TextFormatter

from .test_settings import PROD_ENV, ROOT

LOGGERS = ("", "django", "django.request", "practice_site.requests", "consultations")
SECRET_NAME = "Zenobia"
SECRET_MESSAGE = "My left eyelid has not closed since the operation in March"


@pytest.fixture
def json_log(settings):
    """What the site's console handler would print in JSON mode, one line per record."""
    settings.LOG_FORMAT = "json"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def consultation_post():
    return {
        "first_name": SECRET_NAME,
        "last_name": "Quillfeather",
        "email": "zenobia.q@example.com",
        "phone": "+1 626 555 0199",
        "contact_method": "phone",
        "best_time": "any",
        "patient": "self",
        "procedure": "",
        "message": SECRET_MESSAGE,
        "heard_about": "",
        "consent": "on",
        "website": "",
        "form_started": make_token(),
    }


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_id_status_and_duration(client, json_log):
    response = client.get(reverse("consultations:request"), HTTP_X_REQUEST_ID="caddy-1234abcd")
    assert response["X-Request-ID"] == "caddy-1234abcd"
    (line,) = [entry for entry in json_log() if entry["logger"] == "practice_site.requests"]
    assert line["request_id"] == "caddy-1234abcd"
    assert line["method"] == "GET" and line["path"] == "/consultation/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert "user_id" not in line  # an anonymous visitor
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


@pytest.mark.django_db
def test_a_request_id_that_does_not_look_like_one_is_replaced(client, json_log):
    response = client.get(
        "/healthz?checks=database&x=1", HTTP_X_REQUEST_ID="bad id\nwith a line break"
    )
    request_id = response["X-Request-ID"]
    # A fresh id is 32 hex digits; the sent one had a space and a line break.
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (line,) = json_log()
    assert line["request_id"] == request_id
    assert line["path"] == "/healthz"  # never the query string


@pytest.mark.django_db
def test_staff_requests_carry_the_user_id(admin_client, django_user_model, json_log):
    admin_client.get(reverse("admin:index"))
    boss = django_user_model.objects.get(username="boss")
    (line,) = [entry for entry in json_log() if entry["logger"] == "practice_site.requests"]
    assert line["user_id"] == boss.pk and line["status"] == 200


@pytest.mark.django_db
def test_a_consultation_post_logs_no_submitted_value(client, json_log, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    client.get(reverse("consultations:request"))
    response = client.post(reverse("consultations:request"), consultation_post())
    assert response.status_code == 302
    stored = ConsultationRequest.objects.get()
    lines = json_log()
    # Without the random request ids: a 32-hex id holds "0199" about once in 2,000 requests.
    text = "\n".join(json.dumps({**line, "request_id": ""}) for line in lines)
    assert stored.reference in text  # the service's own line, by reference only
    for value in (SECRET_NAME, "Quillfeather", "zenobia", "0199", "eyelid"):
        assert value.lower() not in text.lower()
    post = [line for line in lines if line.get("method") == "POST"]
    assert [line["status"] for line in post] == [302]
    # Every line written during that request carries the request's id.
    ids = {line["request_id"] for line in lines if line["logger"] != "practice_site.requests"}
    assert ids and ids <= {line["request_id"] for line in lines if line.get("method")}


def test_only_named_fields_reach_a_json_line():
    """Django passes the request itself in `extra`; it must not be serialised."""
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Failed", (), None)
    record.request = object()
    record.status_code = 500
    record.patient_message = SECRET_MESSAGE
    line = json.loads(JSONFormatter().format(record))
    assert set(line) == {"time", "level", "logger", "message"}


def test_text_is_the_default_format_with_the_request_id_when_there_is_one(settings):
    assert settings.LOG_FORMAT == "text"
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "Stored %s", ("CR-1",), None)
    record.request_id = "abc12345"
    assert TextFormatter().format(record).endswith("INFO x Stored CR-1 [request abc12345]")


def test_an_unknown_log_format_stops_the_site_at_start():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **PROD_ENV, "LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'" in result.stderr


def demo_server_log(*lines):
    """What runserver (`make serve`) logs for each (format, *args) of `lines`, through Django's
    own request handler and the site's logging set-up."""
    logger = logging.getLogger("django.server")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    runserver = SimpleNamespace(request=None, log_date_time_string=lambda: "now")
    try:
        for line in lines:
            WSGIRequestHandler.log_message(runserver, *line)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


@pytest.mark.parametrize("status", ["200", "404"])
def test_the_demo_servers_request_lines_leave_out_the_query(status):
    """A search of the inbox carries the patient's name in the address."""
    line = f"GET /admin/consultations/consultationrequest/?q={SECRET_NAME} HTTP/1.1"
    logged = demo_server_log(('"%s" %s %s', line, status, "512"))
    assert f'"GET /admin/consultations/consultationrequest/ HTTP/1.1" {status} 512' in logged
    assert SECRET_NAME not in logged


def test_the_demo_servers_bad_request_lines_leave_out_the_query():
    line = f"'GET /admin/?q={SECRET_NAME} HTTP/1.1'"
    logged = demo_server_log(("code %d, message %s", 400, line))
    # Dict arguments pass untouched (the first filter raised KeyError on them).
    logging.getLogger("django.server").info("Starting %(what)s", {"what": "the server"})
    assert "code 400, message 'GET /admin/ HTTP/1.1'" in logged
    assert SECRET_NAME not in logged


@pytest.fixture
def site_log_at_debug(settings):
    """The site's own logging set-up as LOG_LEVEL=DEBUG makes it, printing into a string."""
    config = copy.deepcopy(settings.LOGGING)
    config["root"]["level"] = config["loggers"]["django"]["level"] = "DEBUG"
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.django_db
def test_debug_logs_quote_neither_a_form_shown_again_nor_its_sql(client, site_log_at_debug):
    """At DEBUG, Django's template logger dumps the context of a failed lookup (the fields as
    typed), and its database logger every statement with its values."""
    client.get(reverse("consultations:request"))
    post = {**consultation_post(), "consent": ""}
    with CaptureQueriesContext(connection) as queries:  # SQL is logged while it is captured
        response = client.post(reverse("consultations:request"), post)
    assert response.status_code == 200 and "consent" in response.context["form"].errors
    assert SECRET_NAME in response.content.decode()  # shown again, to the patient only
    assert any("SELECT" in query["sql"] for query in queries)
    logging.getLogger("django.security").debug("Other DEBUG lines still written")
    logged = site_log_at_debug.getvalue()
    assert "Other DEBUG lines still written" in logged
    for value in (SECRET_NAME, "Quillfeather", "zenobia", "0199", "eyelid"):
        assert value.lower() not in logged.lower()
