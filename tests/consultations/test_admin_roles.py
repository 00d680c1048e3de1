"""Who may see consultation requests: the staff roles, the audit trail's readers, sessions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.models import AccessLog
from practice_site import roles
from tests.staff import PASSWORD, named_permissions, sign_in_with_password_and_code

from .inbox import CHANGELIST, EXPORT, change_url

pytestmark = pytest.mark.django_db


def test_migrations_create_both_groups_with_their_permissions():
    desk = Group.objects.get(name=roles.FRONT_DESK)
    editor = Group.objects.get(name=roles.CONTENT_EDITOR)
    desk_codenames = set(desk.permissions.values_list("codename", flat=True))
    assert desk_codenames == {
        "view_consultationrequest",
        "change_consultationrequest",
        "view_staffnote",
        "add_staffnote",
    }
    editor_apps = set(editor.permissions.values_list("content_type__app_label", flat=True))
    assert {"practice_site", "procedures", "redirects"} <= editor_apps
    assert "consultations" not in editor_apps
    assert editor.permissions.filter(codename="change_procedure").exists()


def test_groups_are_brought_back_in_sync_after_migrate():
    editor = Group.objects.get(name=roles.CONTENT_EDITOR)
    editor.permissions.clear()
    # Someone gave editors a look at requests by mistake: the next migrate takes it away again.
    editor.permissions.add(*named_permissions("consultations.view_consultationrequest"))
    Group.objects.get(name=roles.FRONT_DESK).permissions.clear()

    call_command("migrate", verbosity=0)

    assert editor.permissions.filter(codename="change_procedure").exists()
    assert not editor.permissions.filter(content_type__app_label="consultations").exists()
    assert Group.objects.get(name=roles.FRONT_DESK).permissions.count() == 4


def test_content_editor_can_edit_a_procedure_but_gets_403_on_requests(
    client, sign_in_staff, procedure, make_request
):
    sign_in_staff(roles.CONTENT_EDITOR, "editor")
    request = make_request()

    response = client.get(reverse("admin:procedures_procedure_change", args=[procedure.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is True

    for url in (reverse(CHANGELIST), change_url(request), reverse(EXPORT)):
        assert client.get(url).status_code == 403, url
    assert "Consultation requests" not in client.get(reverse("admin:index")).content.decode()
    assert not AccessLog.objects.exists()


def test_staff_without_a_group_cannot_see_requests(
    client, staff_user, verified_login, make_request
):
    verified_login(client, staff_user)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(change_url(make_request())).status_code == 403


def test_requests_cannot_be_added_in_admin(front_desk, make_user, verified_login):
    boss = verified_login(Client(), make_user("boss", is_superuser=True))
    url = reverse("admin:consultations_consultationrequest_add")
    assert front_desk.get(url).status_code == 403
    assert boss.get(url).status_code == 403  # requests only ever come from the website


def test_access_log_is_read_only_even_for_administrators(
    front_desk, make_user, verified_login, make_request
):
    admin_client = verified_login(Client(), make_user("boss", is_superuser=True))
    request = make_request()
    front_desk.get(change_url(request))
    entry = AccessLog.objects.get()
    response = admin_client.get(reverse("admin:consultations_accesslog_changelist"))
    assert response.status_code == 200 and "desk" in response.content.decode()
    assert admin_client.get(reverse("admin:consultations_accesslog_add")).status_code == 403
    delete = reverse("admin:consultations_accesslog_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLog.objects.filter(pk=entry.pk).exists()
    # The front desk works requests but does not read the audit trail.
    assert front_desk.get(reverse("admin:consultations_accesslog_changelist")).status_code == 403


def test_staff_sessions_last_at_most_eight_hours(client, settings, make_user):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    user = make_user("desk", roles.FRONT_DESK)
    response = sign_in_with_password_and_code(client, "desk", PASSWORD)
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.get_decoded()["_auth_user_id"] == str(user.pk)
    assert session.expire_date <= timezone.now() + timedelta(hours=8)
    assert client.get(reverse(CHANGELIST)).status_code == 200

    # Eight hours later the session is gone: back to the login page.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
