"""/sitemap.xml lists every published page of this app with its last modification."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from procedures.models import FAQ, Procedure
from tests.sitemaps import sitemap_entries as entries

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_pages_with_lastmod(
    client, practice, group, long_procedure, make_procedure, make_condition
):
    draft = make_procedure("Draft", status=Procedure.Status.DRAFT)
    shown = make_condition("Shown cause", procedures=[long_procedure])
    hidden = make_condition("Hidden cause", is_published=False)
    FAQ.objects.create(question="General?", answer="Yes.")
    found = entries(client)
    for url in (
        long_procedure.get_absolute_url(),
        group.get_absolute_url(),
        "/procedures/",
        shown.get_absolute_url(),
        "/conditions/",
        "/faq/",
    ):
        assert url in found, url
        assert found[url], f"{url} has no lastmod"
    assert draft.get_absolute_url() not in found
    assert hidden.get_absolute_url() not in found
    assert found[long_procedure.get_absolute_url()] == (
        timezone.localtime(long_procedure.updated_at).date().isoformat()
    )


def test_group_lastmod_follows_its_newest_published_procedure(
    client, practice, group, make_procedure
):
    procedure = make_procedure("Later")
    later = timezone.now() + timedelta(days=3)
    Procedure.objects.filter(pk=procedure.pk).update(updated_at=later)
    found = entries(client)
    day = timezone.localtime(later).date().isoformat()
    assert found[group.get_absolute_url()] == day
    assert found["/procedures/"] == day


def test_sitemap_query_count_does_not_grow_with_content(
    client, practice, make_procedure, make_condition, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        make_condition(procedures=[make_procedure()])
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("sitemap"))
    for _ in range(30):
        make_condition(procedures=[make_procedure()])
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("sitemap"))


def test_procedure_and_condition_lastmod_follow_what_their_pages_show(
    client, practice, make_procedure, make_condition
):
    procedure = make_procedure("Shown", faqs=[("Edited on its own?", "Yes.")])
    condition = make_condition("A cause", procedures=[procedure])
    faq_day = timezone.now() + timedelta(days=2)
    procedure_day = timezone.now() + timedelta(days=5)
    FAQ.objects.filter(procedure=procedure).update(updated_at=faq_day)
    found = entries(client)
    assert found[procedure.get_absolute_url()] == timezone.localtime(faq_day).date().isoformat()
    Procedure.objects.filter(pk=procedure.pk).update(updated_at=procedure_day)
    found = entries(client)
    day = timezone.localtime(procedure_day).date().isoformat()
    assert found[procedure.get_absolute_url()] == day
    assert found[condition.get_absolute_url()] == day
