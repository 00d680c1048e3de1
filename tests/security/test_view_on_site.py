"""The admin's "view on site" shortcut (/admin/r/<type>/<id>/) names a page's address: only to
staff who may see that kind of object."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gallery.models import Case
from practice_site import roles

pytestmark = pytest.mark.django_db


def shortcut(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def test_staff_who_may_not_see_cases_learn_no_unpublished_cases_address(
    client, sign_in_staff, make_case
):
    hidden = make_case(published=False)
    sign_in_staff(roles.FRONT_DESK, "desk")
    response = client.get(shortcut(hidden))
    assert response.status_code == 403 and "Location" not in response
    assert hidden.get_absolute_url() not in response.content.decode()


def test_staff_who_may_see_cases_are_taken_to_its_page(client, sign_in_staff, make_case):
    hidden = make_case(published=False)
    sign_in_staff(roles.CONTENT_EDITOR, "editor")
    response = client.get(shortcut(hidden))
    assert response.status_code == 302 and response["Location"].endswith(hidden.get_absolute_url())


def test_an_unknown_kind_or_object_is_not_found(admin_client, make_case):
    case = make_case()
    content_type = ContentType.objects.get_for_model(Case)
    gone = ContentType.objects.create(app_label="gallery", model="removedmodel")
    for args in ([999_999, case.pk], [content_type.pk, 999_999], ["x", case.pk], [gone.pk, 1]):
        assert admin_client.get(reverse("admin:view_on_site", args=args)).status_code == 404


def test_a_kind_without_an_admin_page_follows_its_permission(admin_client, make_case):
    """A rendition has no admin of its own, but an address; a superuser may see it."""
    rendition = make_case(real_files=True).pairs.get().before.renditions.first()
    response = admin_client.get(shortcut(rendition))
    assert response.status_code == 302 and response["Location"].endswith(rendition.url)
