"""Old-address redirects (Admin → Redirects): content editors can only point at this site."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from django.urls import reverse

from practice_site import roles
from tests.staff import named_permissions

pytestmark = pytest.mark.django_db

ADD = reverse("admin:redirects_redirect_add")


@pytest.fixture
def editor(sign_in_staff):
    return sign_in_staff(roles.CONTENT_EDITOR, "editor").user


def add_redirect(client, new_path, old_path="/old-page/"):
    return client.post(
        ADD, {"site": settings.SITE_ID, "old_path": old_path, "new_path": new_path}, secure=True
    )


@pytest.mark.parametrize(
    "target",
    [
        "https://elsewhere.example/",
        "http://elsewhere.example/page/",
        "//elsewhere.example/",
        "/\\elsewhere.example/",
        "/\t/elsewhere.example/",
        "///elsewhere.example/",
        "javascript:alert(1)",
        "elsewhere.example/page/",
    ],
)
def test_content_editor_cannot_send_visitors_to_another_website(client, editor, target):
    response = add_redirect(client, target)
    assert response.status_code == 200
    assert "Enter a page of this site" in response.content.decode()
    assert not Redirect.objects.exists()


@pytest.mark.parametrize("target", ["/procedures/", "/procedures/?group=nerve#top", ""])
def test_content_editor_can_redirect_within_the_site(client, editor, target):
    """An empty target is Django's way to answer 410 Gone for a page that is no more."""
    assert add_redirect(client, target).status_code == 302
    assert Redirect.objects.get().new_path == target
    response = client.get("/old-page/", secure=True)
    assert response.status_code == (301 if target else 410)


@pytest.mark.parametrize("target", ["/old-page", "/old-page/", "/old-page/?from=x"])
def test_a_redirect_to_its_own_address_is_refused_not_looped(client, editor, target):
    response = add_redirect(client, target)
    assert response.status_code == 200
    assert "visitors would be sent round in a loop" in response.content.decode()
    assert not Redirect.objects.exists()


def test_the_separate_permission_allows_another_website(client, editor):
    editor.user_permissions.add(*named_permissions(roles.OFF_SITE_REDIRECTS_PERMISSION))
    assert add_redirect(client, "https://partner-clinic.example/").status_code == 302
    response = client.get("/old-page/", secure=True)
    assert response["Location"] == "https://partner-clinic.example/"


def test_administrators_may_redirect_anywhere(admin_client):
    assert add_redirect(admin_client, "https://partner-clinic.example/").status_code == 302


def test_content_editors_never_keep_the_off_site_permission():
    editor = Group.objects.get(name=roles.CONTENT_EDITOR)
    (off_site,) = named_permissions(roles.OFF_SITE_REDIRECTS_PERMISSION)
    assert editor.permissions.filter(content_type__app_label="redirects").count() == 4
    editor.permissions.add(off_site)
    call_command("migrate", verbosity=0)
    assert not editor.permissions.filter(pk=off_site.pk).exists()
    assert editor.permissions.filter(codename="change_redirect").exists()


def test_an_old_sites_full_address_is_stored_as_its_path_and_works(client, editor):
    response = add_redirect(client, "/procedures/", "https://www.old-site.example/about-us/")
    assert response.status_code == 302
    assert Redirect.objects.get().old_path == "/about-us/"
    assert client.get("/about-us/", secure=True)["Location"] == "/procedures/"


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("about-us/", "/procedures/", "old_path", "The old address must be a path such as"),
        ("/faq/", "/procedures/", "old_path", "/faq/ is a page of this site, so a redirect"),
        (
            "/old-page/",
            "/procedurse/",
            "new_path",
            "/procedurse/ cannot be the new address: there is",
        ),
    ],
)
def test_a_redirect_that_could_never_work_is_refused_saying_why(
    client, editor, old, new, field, message
):
    response = add_redirect(client, new, old)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors[field]
    assert error.startswith(message)
    assert not Redirect.objects.exists()


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        ("/our%20team.html", "/our%20team.html"),  # copied from a browser's address bar
        ("/our team.html", "/our%20team.html"),
        ("/caf%C3%A9-y-cirug%C3%ADa/", "/café-y-cirugía/"),
    ],
)
def test_an_address_is_found_however_its_characters_were_written(client, db, stored, asked):
    Redirect.objects.create(site_id=settings.SITE_ID, old_path=stored, new_path="/procedures/")
    response = client.get(asked, secure=True)
    assert (response.status_code, response["Location"]) == (301, "/procedures/")
