"""'Medically reviewed by <provider>, <date>' on every procedure and condition page."""

import datetime
import re
from html import unescape

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from practice_site.drafts.models import Version
from practice_site.models import Provider
from procedures.models import Condition, Procedure
from tests.drafts.helpers import change_url, new_procedure_form, submit
from tests.schemaorg import jsonld_blocks, validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(provider, make_procedure, make_condition):
    reviewed = {"last_reviewed": datetime.date(2025, 3, 4), "reviewed_by": provider}
    return make_procedure("Nerve graft", **reviewed), make_condition("Bell's palsy", **reviewed)


def review_line(html):
    return re.search(r'<p class="page-header__meta review-line">(.*?)</p>', html, re.S).group(1)


def page_node(html):
    (document,) = jsonld_blocks(html)
    assert validate(document) == []
    return next(node for node in document["@graph"] if node["@type"] == "MedicalWebPage")


def test_procedure_and_condition_pages_name_their_reviewer_and_date(client, practice, pages):
    for page in pages:
        html = client.get(page.get_absolute_url()).content.decode()
        line = review_line(html)
        assert line.startswith(
            'Medically reviewed by <a href="/about/jane-roe/">Jane Roe, MD, FACS</a>'
        )
        assert '<time datetime="2025-03-04">March 4, 2025</time>' in line
        node = page_node(html)
        assert node["lastReviewed"] == "2025-03-04"
        assert node["reviewedBy"] == {
            "@type": "IndividualPhysician",
            "@id": "http://127.0.0.1:8000/about/jane-roe/#physician",
            "name": "Jane Roe, MD, FACS",
            "url": "http://127.0.0.1:8000/about/jane-roe/",
        }


def test_the_reviewer_line_costs_no_extra_query(client, practice, pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    procedure, _ = pages
    with CaptureQueriesContext(connection) as with_reviewer:
        client.get(procedure.get_absolute_url())
    Procedure.objects.filter(pk=procedure.pk).update(reviewed_by=None)
    with CaptureQueriesContext(connection) as without:
        client.get(procedure.get_absolute_url())
    assert len(with_reviewer) == len(without)


def test_a_reviewer_no_longer_on_the_site_is_named_without_a_link(client, practice, pages):
    Provider.objects.update(is_published=False)
    html = client.get(pages[0].get_absolute_url()).content.decode()
    assert review_line(html).startswith("Medically reviewed by Jane Roe, MD, FACS on ")
    assert "url" not in page_node(html)["reviewedBy"]


SAMPLE = "a sample line: this demonstration text has not been reviewed by a doctor"
# What the demo stores: the review a page carries, kept as the demo's sample.
AS_SAMPLE = {"sample_reviewed_by": F("reviewed_by"), "sample_reviewed_on": F("last_reviewed")}


def test_a_sample_review_is_marked_as_a_sample_and_left_out_of_the_data(client, practice, pages):
    for page in pages:
        type(page).objects.filter(pk=page.pk).update(**AS_SAMPLE)
        html = client.get(page.get_absolute_url()).content.decode()
        assert SAMPLE in review_line(html)
        node = page_node(html)
        # Nor its date: the page says no doctor has reviewed the text.
        assert "reviewedBy" not in node and "lastReviewed" not in node


def test_the_demos_reviews_stay_samples_when_its_surgeon_becomes_real(client, demo_content):
    """The demo's surgeon, made the practice's own ("demonstration entry" unticked), is never
    credited with reviewing the demo's sample pages."""
    Provider.objects.update(is_demo=False)
    pages = [*Procedure.objects.published(), *Condition.objects.published()]
    assert pages and all(page.sample_review for page in pages)
    for page in (pages[0], pages[-1]):
        html = client.get(page.get_absolute_url()).content.decode()
        assert review_line(html).startswith("Medically reviewed by ")
        assert SAMPLE in review_line(html)
        assert "reviewedBy" not in page_node(html)


def test_a_review_recorded_in_the_form_ends_the_sample(admin_client, client, practice, pages):
    procedure, condition = pages
    Procedure.objects.update(**AS_SAMPLE)
    Condition.objects.update(**AS_SAMPLE)
    # Text edited, review untouched: still a sample.
    submit(admin_client, procedure, {"summary": "Rewritten by the practice."}, "_save")
    procedure.refresh_from_db()
    assert procedure.summary == "Rewritten by the practice." and procedure.sample_review
    assert SAMPLE in client.get(procedure.get_absolute_url()).content.decode()

    for page in pages:
        response = submit(admin_client, page, {"last_reviewed": "2026-11-30"}, "_save")
        assert response.status_code == 302
        page.refresh_from_db()
        assert not page.sample_review
        html = client.get(page.get_absolute_url()).content.decode()
        assert SAMPLE not in html
        assert page_node(html)["lastReviewed"] == "2026-11-30"


def test_another_reviewer_on_a_samples_date_is_refused(admin_client, pages):
    """Naming the practice's surgeon on the demo's sample would credit them with a review on
    the day the demo was loaded."""
    procedure, _ = pages
    other = Provider.objects.create(
        given_name="Ann", family_name="Other", slug="ann-other", specialty="S", short_bio="B."
    )
    Procedure.objects.update(**AS_SAMPLE)
    response = submit(admin_client, procedure, {"reviewed_by": other.pk}, "_save")
    assert response.status_code == 200
    assert "This page's review is the demo's sample" in unescape(response.content.decode())
    procedure.refresh_from_db()
    assert procedure.sample_review and procedure.reviewed_by_id != other.pk


def test_sample_reviews_are_listed_as_overdue_for_staff(admin_client, pages):
    procedure, _ = pages
    procedure.last_reviewed = timezone.localdate()
    procedure.save()
    url = reverse("admin:procedures_procedure_changelist")
    assert procedure.title not in admin_client.get(url, {"review": "overdue"}).content.decode()
    Procedure.objects.update(**AS_SAMPLE)
    assert procedure.title in admin_client.get(url, {"review": "overdue"}).content.decode()
    assert procedure.title not in admin_client.get(url, {"review": "current"}).content.decode()
    form = unescape(admin_client.get(change_url(procedure)).content.decode())
    assert "The review shown on this page is a demonstration sample" in form


def test_reviews_by_a_demonstration_reviewer_become_samples_on_migration(migrate_to):
    old = migrate_to([("procedures", "0009_slug_help_redirect")])
    Provider = old.get_model("practice_site", "Provider")
    Group = old.get_model("procedures", "ProcedureGroup")
    names = {"specialty": "Surgeon", "short_bio": "Treats facial paralysis."}
    demo = Provider.objects.create(
        given_name="A", family_name="Demo", slug="a", is_demo=True, **names
    )
    real = Provider.objects.create(given_name="B", family_name="Real", slug="b", **names)
    group = Group.objects.create(title="Nerve surgery", slug="nerve-surgery", intro="About.")
    Page = old.get_model("procedures", "Procedure")
    for slug, reviewer in (("sample", demo), ("real", real), ("none", None)):
        Page.objects.create(group=group, title=slug, slug=slug, summary="S.", reviewed_by=reviewer)
    old.get_model("procedures", "Condition").objects.create(
        title="Sample", slug="sample", summary="S.", reviewed_by=demo
    )

    new = migrate_to([("procedures", "0010_sample_review")])

    pages = new.get_model("procedures", "Procedure").objects.order_by("slug")
    assert dict(pages.values_list("slug", "sample_review")) == {
        "none": False,
        "real": False,
        "sample": True,
    }
    assert new.get_model("procedures", "Condition").objects.get().sample_review

    # 0012 keeps each sample as its reviewer and date, from which the flag is worked out now.
    newer = migrate_to([("procedures", "0012_sample_review_reviewer_and_date")])
    pages = newer.get_model("procedures", "Procedure").objects.order_by("slug")
    kept = pages.values_list("slug", "sample_reviewed_by__slug", "sample_reviewed_on")
    sample = pages.get(slug="sample")
    assert list(kept) == [
        ("none", None, None),
        ("real", None, None),
        ("sample", "a", sample.last_reviewed),
    ]


def test_a_page_without_a_reviewer_still_shows_its_review_date(client, practice, pages):
    Procedure.objects.update(reviewed_by=None)
    html = client.get(pages[0].get_absolute_url()).content.decode()
    assert review_line(html) == 'Last reviewed <time datetime="2025-03-04">March 4, 2025</time>'
    assert "reviewedBy" not in page_node(html)


def test_staff_choose_the_reviewer_in_the_admin(admin_client, pages, provider):
    procedure, condition = pages
    for obj, name in ((procedure, "procedure"), (condition, "condition")):
        html = admin_client.get(reverse(f"admin:procedures_{name}_change", args=[obj.pk])).content
        assert b'name="reviewed_by"' in html
        assert (
            f'<option value="{provider.pk}" selected>Jane Roe, MD, FACS</option>'.encode() in html
        )
    changelist = admin_client.get(reverse("admin:procedures_procedure_changelist")).content
    assert b"Mar 4, 2025 by Dr. Roe" in changelist


def test_deleting_a_provider_keeps_the_pages_and_their_dates(pages, provider):
    provider.delete()
    procedure = Procedure.objects.get()
    assert procedure.reviewed_by is None and procedure.last_reviewed == datetime.date(2025, 3, 4)


def listed_on_delete_page(html):
    """The pages a provider's delete page says will lose their reviewer, as link texts."""
    note = re.search(r'<div class="losing-reviewer".*?</div>', html, re.S)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', note.group(0)) if note else []


def test_the_delete_pages_list_the_pages_that_would_lose_their_reviewer(
    admin_client, pages, unsaved_provider
):
    provider = pages[0].reviewed_by
    other = unsaved_provider(given_name="Ann", family_name="Lee", slug="ann-lee")
    other.save()
    url = reverse("admin:practice_site_provider_delete", args=[provider.pk])
    html = admin_client.get(url).content.decode()
    assert listed_on_delete_page(html) == ["Nerve graft", "Bell&#x27;s palsy"]
    assert "2 pages name a provider you are about to delete" in html
    assert "untick “Shown on the site” instead" in html
    # The list action's confirmation says the same, for every provider chosen.
    changelist = reverse("admin:practice_site_provider_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [provider.pk, other.pk]}
    html = admin_client.post(changelist, chosen).content.decode()
    assert listed_on_delete_page(html) == ["Nerve graft", "Bell&#x27;s palsy"]
    # A provider who reviewed nothing: no note.
    other_url = reverse("admin:practice_site_provider_delete", args=[other.pk])
    assert listed_on_delete_page(admin_client.get(other_url).content.decode()) == []
    assert "losing-reviewer" not in admin_client.get(other_url).content.decode()
    # A malformed address answers as Django's own delete page does, not with an error.
    bad = reverse("admin:practice_site_provider_delete", args=["abc"])
    assert admin_client.get(bad).status_code == 302
    # Deleting still works, and the pages keep their review date with no name.
    admin_client.post(changelist, {**chosen, "post": "yes"})
    assert not Provider.objects.exists()
    assert Procedure.objects.get().reviewed_by is None


def test_a_new_page_claims_no_review_until_one_is_recorded(admin_client, client, practice, group):
    """The date once defaulted to today: every page an editor wrote said "Last reviewed" on
    the day it was written, though no clinician had read it."""
    data = new_procedure_form(group, last_reviewed="", _save="1")
    response = admin_client.post(reverse("admin:procedures_procedure_add"), data)
    assert response.status_code == 302
    page = Procedure.objects.get()
    assert page.last_reviewed is None and page.reviewed_by is None
    html = client.get(page.get_absolute_url()).content.decode()
    assert "review-line" not in html and "Last reviewed" not in html
    node = page_node(html)
    assert "lastReviewed" not in node and "reviewedBy" not in node
    url = reverse("admin:procedures_procedure_changelist")
    assert page.title in admin_client.get(url, {"review": "overdue"}).content.decode()
    form = unescape(admin_client.get(change_url(page)).content.decode())
    assert "No clinician has reviewed this page yet" in form


def test_a_reviewer_without_a_date_is_refused(admin_client, group, provider):
    data = new_procedure_form(group, last_reviewed="", reviewed_by=provider.pk, _save="1")
    response = admin_client.post(reverse("admin:procedures_procedure_add"), data)
    assert response.status_code == 200
    assert "Give the date of the review" in unescape(response.content.decode())
    assert not Procedure.objects.exists()


def test_a_restored_version_brings_its_sample_review_back_as_a_sample(
    admin_client, client, practice, pages
):
    """A draft or a restored version carries no flag: the sample is recognised by its reviewer
    and date, so the demo's review never comes back as one a doctor made."""
    procedure, _ = pages
    Procedure.objects.update(**AS_SAMPLE)
    assert submit(admin_client, procedure, {"summary": "Edited."}, "_save").status_code == 302
    response = submit(admin_client, procedure, {"last_reviewed": "2026-11-30"}, "_save")
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert not procedure.sample_review

    first = Version.objects.of(procedure).last()  # as it was before the edit
    version = reverse("admin:procedures_procedure_version", args=[procedure.pk, first.pk])
    assert admin_client.post(version).status_code == 302  # restored as a draft
    assert submit(admin_client, procedure, button="_save").status_code == 302
    procedure.refresh_from_db()
    assert procedure.last_reviewed == datetime.date(2025, 3, 4) and procedure.sample_review
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert SAMPLE in review_line(html)
    assert "reviewedBy" not in page_node(html)
