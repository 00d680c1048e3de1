"""Managing accounts never hands out powers: only a superuser gives roles or permissions."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from practice_site.roles import FRONT_DESK
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db

ACCOUNTS = ("auth.view_user", "auth.add_user", "auth.change_user", "auth.delete_user")
POWERS = {"is_superuser", "groups", "user_permissions"}


@pytest.fixture
def manager(sign_in_staff):
    """Staff allowed to manage accounts, and nothing else."""
    return sign_in_staff(username="manager", permissions=ACCOUNTS)


def form_fields(client, user):
    response = client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert response.status_code == 200
    return set(response.context["adminform"].form.fields)


def test_an_account_manager_cannot_give_roles_permissions_or_superuser(manager, make_user):
    plain = make_user("new-starter")
    assert not POWERS & form_fields(manager, manager.user)
    assert not POWERS & form_fields(manager, plain)
    assert {"first_name", "email", "is_active"} <= form_fields(manager, plain)


def test_an_account_manager_cannot_take_over_an_account_that_can_do_more(
    manager, make_user, django_user_model
):
    desk = make_user("desk", group=FRONT_DESK, is_active=False)  # disabled, powers kept
    boss = django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    plain = make_user("new-starter")
    for user in (desk, boss):
        password_url = reverse("admin:auth_user_password_change", args=[user.pk])
        assert manager.get(password_url).status_code == 403
        assert manager.post(password_url, {"password1": "x" * 20}).status_code == 403
        shown = manager.get(reverse("admin:auth_user_change", args=[user.pk]))
        assert shown.status_code == 200 and not shown.context["has_change_permission"]
        delete_url = reverse("admin:auth_user_delete", args=[user.pk])
        assert manager.post(delete_url, {"post": "yes"}).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[plain.pk])
    assert manager.get(password_url).status_code == 200
    assert django_user_model.objects.filter(pk__in=[desk.pk, boss.pk]).count() == 2


def test_a_superuser_still_gives_roles(admin_client, make_user):
    assert form_fields(admin_client, make_user("new-starter")) >= POWERS


def test_an_account_that_did_work_is_closed_not_deleted(
    admin_client, make_user, make_condition, make_request, django_user_model
):
    editor, desk = make_user("editor"), make_user("desk")
    condition = make_condition("Bell’s palsy")
    LogEntry.objects.log_actions(editor.pk, [condition], action_flag=2, change_message="Edited.")
    make_request().notes.create(author=desk, text="Called back.")
    mistake = make_user("typo-account")  # made by mistake; only its own record was changed
    LogEntry.objects.log_actions(mistake.pk, [mistake], action_flag=2, change_message="Reset.")

    for user, work in ((editor, "1 change(s) in the history"), (desk, "1 note(s) on consultation")):
        delete_url = reverse("admin:auth_user_delete", args=[user.pk])
        page = admin_client.get(delete_url).content.decode()
        assert "would require deleting the following protected related objects" in page
        assert f"“{user.username}”: {work}" in page and "Untick “Active”" in page
        assert admin_client.post(delete_url, {"post": "yes"}).status_code == 200  # refused
    listed = reverse("admin:auth_user_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [editor.pk, mistake.pk]}
    assert admin_client.post(listed, {**chosen, "post": "yes"}).status_code == 200  # refused
    assert django_user_model.objects.filter(pk__in=[editor.pk, desk.pk, mistake.pk]).count() == 3
    assert LogEntry.objects.filter(user=editor).count() == 1

    delete_url = reverse("admin:auth_user_delete", args=[mistake.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not django_user_model.objects.filter(pk=mistake.pk).exists()


def test_only_a_superuser_changes_what_a_role_may_do(sign_in_staff, django_user_model):
    """Someone granted "change group" could otherwise let every editor read patients' requests."""

    editor = sign_in_staff(
        "Content editor", "lead", permissions=("auth.view_group", "auth.change_group")
    )
    group = Group.objects.get(name="Content editor")
    url = reverse("admin:auth_group_change", args=[group.pk])
    reading = Permission.objects.get(codename="view_consultationrequest")
    data = {"name": group.name, "permissions": [reading.pk]}
    assert editor.post(url, data).status_code == 403
    assert not group.permissions.filter(pk=reading.pk).exists()
    assert editor.get(url).status_code == 200  # still shown, read-only
    assert editor.post(reverse("admin:auth_group_add"), {"name": "Readers"}).status_code == 403
    assert not Group.objects.filter(name="Readers").exists()
    boss = django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    assert sign_in_verified(Client(), boss).post(url, data).status_code == 302  # still can
    assert group.permissions.filter(pk=reading.pk).exists()
