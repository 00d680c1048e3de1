"""A page whose address changes keeps the old one: links, bookmarks and search results still
arrive, in one hop, and never at a loop."""

import pytest
from django.contrib.redirects.models import Redirect
from django.test import Client
from django.urls import reverse

from practice_site.drafts.models import Draft
from practice_site.drafts.services import publish_draft
from procedures.models import Procedure
from tests.drafts.helpers import messages_of, public_text, submit

pytestmark = pytest.mark.django_db


def lands_on(address):
    """Where a visitor following `address` arrives, and how many redirects it took."""
    response = Client().get(address, follow=True)
    assert response.status_code == 200, address
    return response.request["PATH_INFO"], len(response.redirect_chain)


def redirects():
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def test_publishing_a_new_address_keeps_the_old_one_leading_to_the_page(
    admin_client, long_procedure
):
    old = long_procedure.get_absolute_url()
    response = submit(admin_client, long_procedure, {"slug": "cross-face-graft"}, "_save")
    assert response.status_code == 302

    long_procedure.refresh_from_db()
    new = long_procedure.get_absolute_url()
    assert new == "/procedures/nerve-surgery/cross-face-graft/"
    assert redirects() == {old: new}
    assert lands_on(old) == (new, 1)
    assert "Cross-facial nerve graft" in public_text(new)
    assert any(f"Links to the old address {old} keep working" in m for m in messages_of(response))


def test_renaming_a_group_keeps_the_address_of_each_published_page_in_it(
    admin_client, group, make_procedure
):
    shown = make_procedure("Nerve transfer")
    hidden = make_procedure("Nerve graft", status=Procedure.Status.DRAFT)
    old_group, old_page = group.get_absolute_url(), shown.get_absolute_url()

    response = submit(admin_client, group, {"slug": "nerve-repair"}, "_save")
    assert response.status_code == 302

    assert redirects() == {
        old_group: "/procedures/nerve-repair/",
        old_page: "/procedures/nerve-repair/nerve-transfer/",
    }
    assert lands_on(old_page) == ("/procedures/nerve-repair/nerve-transfer/", 1)
    # Never on the site, so no address of it was public to keep.
    assert not Redirect.objects.filter(old_path__contains=hidden.slug).exists()
    assert any("the 2 old addresses" in m for m in messages_of(response))


def test_an_address_changed_twice_and_back_has_no_chain_and_no_loop(admin_client, make_procedure):
    page = make_procedure("Nerve transfer")
    first = page.get_absolute_url()
    for slug in ("nerve-rerouting", "masseteric-nerve-transfer", "nerve-transfer"):
        submit(admin_client, page, {"slug": slug}, "_save")

    page.refresh_from_db()
    assert page.get_absolute_url() == first
    assert first not in redirects()  # the page answers there again
    assert lands_on("/procedures/nerve-surgery/nerve-rerouting/") == (first, 1)
    assert lands_on("/procedures/nerve-surgery/masseteric-nerve-transfer/") == (first, 1)


def test_a_scheduled_publication_of_a_new_address_keeps_the_old_one(
    admin_client, long_procedure, django_user_model
):
    old = long_procedure.get_absolute_url()
    submit(admin_client, long_procedure, {"slug": "cross-face-graft"}, "_save_draft")
    assert redirects() == {}  # a draft moves nothing yet

    publish_draft(Draft.objects.get(), django_user_model.objects.get(username="boss"), show=True)

    assert lands_on(old) == ("/procedures/nerve-surgery/cross-face-graft/", 1)


def test_a_page_never_published_leaves_no_redirect(admin_client, make_procedure):
    page = make_procedure("Nerve transfer", status=Procedure.Status.DRAFT)
    response = submit(admin_client, page, {"slug": "nerve-rerouting"}, "_save")
    assert response.status_code == 302
    assert Procedure.objects.get(pk=page.pk).slug == "nerve-rerouting"
    assert redirects() == {}


def test_an_address_longer_than_a_redirect_can_hold_is_moved_without_one(
    admin_client, make_group, make_procedure
):
    """A redirect holds 200 characters (PostgreSQL refuses more); a group's and a procedure's
    slugs together can make a longer address. The save goes through, without that redirect."""
    group = make_group("Nerve surgery", slug="n" * 100)
    page = make_procedure("Nerve transfer", group=group, slug="t" * 90)
    assert len(page.get_absolute_url()) > 200
    response = submit(admin_client, page, {"slug": "nerve-transfer"}, "_save")
    assert response.status_code == 302
    assert redirects() == {}
    assert lands_on(f"/procedures/{'n' * 100}/nerve-transfer/")[1] == 0


def test_deleting_a_live_page_warns_names_what_loses_its_link_and_keeps_its_address(
    admin_client, long_procedure, make_testimonial, make_request
):
    """A published procedure deleted went from the site for good with a bare confirmation: the
    testimonial about it lost its procedure unsaid, and its address answered 404."""
    old = long_procedure.get_absolute_url()
    testimonial = make_testimonial(procedure=long_procedure, display_name="R.M.")
    asked = make_request(procedure=long_procedure, procedure_title=long_procedure.title)
    url = reverse("admin:procedures_procedure_delete", args=[long_procedure.pk])
    page = admin_client.get(url).content.decode()
    assert f"This page is on the site now, at {old}" in page
    assert "make it not published instead" in page
    assert "These stay, but lose their link to it:" in page
    assert asked.reference not in page  # a request keeps the title it was sent with
    for _ in range(21):  # past the 20 listed, the rest are counted
        make_testimonial(procedure=long_procedure)
    assert "and 2 more testimonials" in admin_client.get(url).content.decode()
    assert (
        f'href="{reverse("admin:testimonials_testimonial_change", args=[testimonial.pk])}"' in page
    )

    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert not Procedure.objects.filter(pk=long_procedure.pk).exists()
    group_page = long_procedure.group.get_absolute_url()
    assert redirects() == {old: group_page}
    assert lands_on(old) == (group_page, 1)
    assert any(
        f"Links to its address {old} now lead to {group_page}" in m for m in messages_of(response)
    )


def test_deleting_a_page_that_was_never_on_the_site_asks_plainly_and_keeps_no_address(
    admin_client, make_procedure
):
    draft = make_procedure("Nerve graft", status=Procedure.Status.DRAFT)
    url = reverse("admin:procedures_procedure_delete", args=[draft.pk])
    page = admin_client.get(url).content.decode()
    assert "This page is on the site now" not in page and "lose their link" not in page
    admin_client.post(url, {"post": "yes"})
    assert not Procedure.objects.filter(pk=draft.pk).exists() and redirects() == {}


def test_deleting_several_live_pages_at_once_warns_and_keeps_their_addresses(
    admin_client, make_procedure
):
    first, second = make_procedure("Nerve transfer"), make_procedure("Nerve graft")
    old = sorted(p.get_absolute_url() for p in (first, second))
    changelist = reverse("admin:procedures_procedure_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}
    page = admin_client.post(changelist, chosen).content.decode()
    assert f"These pages are on the site now, at {old[0]} and {old[1]}." in page

    response = admin_client.post(changelist, {**chosen, "post": "yes"}, follow=True)
    assert not Procedure.objects.filter(pk__in=[first.pk, second.pk]).exists()
    group_page = first.group.get_absolute_url()
    assert redirects() == {old[0]: group_page, old[1]: group_page}
    said = messages_of(response)
    assert any("Links to the 2 addresses of the deleted pages now lead" in m for m in said)
