"""Consultation tests: valid form data, a procedure, a real SMTP server.

The factories (make_procedure...) are in tests/conftest.py.
"""

import itertools
import time

import pytest
from django.urls import reverse

from bench.server import free_port
from bench.smtp_servers import MailServer
from consultations import spam
from practice_site import roles


@pytest.fixture
def procedure(make_group, make_procedure):
    return make_procedure(
        "Gracilis free muscle transfer",
        group=make_group("Muscle surgery", summary="Operations on muscles."),
        summary="A thigh muscle moved to the face.",
        meta_description="Muscle transfer.",
    )


@pytest.fixture
def front_desk(sign_in_staff):
    """A client signed in as "desk", a member of the front desk (client.user)."""
    return sign_in_staff(roles.FRONT_DESK, "desk")


def timing_token(seconds_ago=60):
    """A timing token as the form would have issued it `seconds_ago`."""
    return spam.make_token(issued_at=time.time() - seconds_ago)


_numbers = itertools.count(1)


def another(form_data):
    """Another request from the same sender: its own form page and its own words (the same
    words again would be the same request, kept once)."""
    return {
        **form_data,
        "message": f"{form_data['message']} (Request {next(_numbers)}.)",
        "form_started": timing_token(),
    }


@pytest.fixture
def form_data(procedure):
    """A complete, valid submission whose values are distinctive enough to search mail for."""
    return {
        "first_name": "Henrietta",
        "last_name": "Quarrington-Vale",
        "email": "henrietta.qv@example.org",
        "phone": "(626) 555-0142",
        "contact_method": "text",
        "best_time": "morning",
        "patient": "child",
        "procedure": str(procedure.pk),
        "message": "My daughter Wilhelmina cannot close her left eye since the accident in May.",
        "heard_about": "patient_group",
        "consent": "on",
        "website": "",
        "form_started": timing_token(),
    }


def submitted_values(data, procedure=None):
    """Every value a patient typed or chose, in the forms staff could see it in."""
    from consultations.models import ConsultationRequest as CR

    values = [
        data["first_name"],
        data["last_name"],
        data["email"],
        data["phone"],
        "+16265550142",
        "555-0142",
        "Wilhelmina",
        data["message"],
        CR.Patient(data["patient"]).label,
        CR.HeardAbout(data["heard_about"]).label,
        CR.BestTime(data["best_time"]).label,
        CR.ContactMethod(data["contact_method"]).label,
    ]
    if procedure is not None:
        values.append(procedure.title)
    return values


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST the form as a browser would, running the after-commit hooks (the staff email)."""

    def _post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("consultations:request"), data, **extra)

    return _post


@pytest.fixture
def smtp_server(settings):
    """Django sends through a real SMTP server on localhost (bench/smtp_servers.py); the server
    starts stopped, and `start(mode)` starts it healthy, hung or dribbling."""
    server = MailServer(free_port(), byte_delay=0.25)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
