"""The front desk works requests only: each content page's admin says "not open to you" (403)."""

import pytest
from django.urls import reverse

from practice_site import roles


@pytest.mark.parametrize(
    ("admin_name", "make"),
    [
        ("procedures_procedure", lambda f: f["smile"]),
        ("procedures_condition", lambda f: f["make_condition"]()),
        ("testimonials_testimonial", lambda f: f["make_testimonial"]()),
        ("gallery_case", lambda f: f["make_case"]()),
    ],
)
def test_the_front_desk_gets_403_not_an_error_on_content_pages(
    client, sign_in_staff, request, admin_name, make
):
    sign_in_staff(roles.FRONT_DESK, "desk")
    fixtures = {
        name: request.getfixturevalue(name)
        for name in ("smile", "make_condition", "make_testimonial", "make_case")
    }
    obj = make(fixtures)
    for url in (
        reverse(f"admin:{admin_name}_change", args=[obj.pk]),
        reverse(f"admin:{admin_name}_add"),
        reverse(f"admin:{admin_name}_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "not open to you" in response.content.decode()


def test_a_user_who_may_only_view_testimonials_sees_one_read_only(
    client, make_user, verified_login, make_testimonial
):
    testimonial = make_testimonial(display_name="R.M.")
    viewer = make_user("viewer", permissions=["testimonials.view_testimonial"])
    verified_login(client, viewer)
    response = client.get(reverse("admin:testimonials_testimonial_change", args=[testimonial.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "R.M." in response.content.decode()


def test_every_content_list_and_add_page_is_closed_to_the_front_desk(client, sign_in_staff):
    from django.contrib import admin

    sign_in_staff(roles.FRONT_DESK, "desk")
    models = [m for m in admin.site._registry if m._meta.app_label in roles.CONTENT_APP_LABELS]
    assert len(models) >= 8
    for model in models:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for url in (reverse(f"{name}_changelist"), reverse(f"{name}_add")):
            assert client.get(url, follow=True).status_code == 403, url
