"""History: every published version can be compared with the page now and restored as a draft,
sections and other inlines included; nothing changes on the site until it is published."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from practice_site.drafts.admin_filters import when
from practice_site.drafts.models import Draft, Version
from practice_site.drafts.services import run_due
from procedures.models import Section

from .helpers import change_form_data, change_url, messages_of, public_text, submit

pytestmark = pytest.mark.django_db


def publish(client, obj, **changes):
    response = submit(client, obj, changes, "_save")
    assert response.status_code == 302, response.content.decode()[:3000]


def history_url(obj):
    return reverse("admin:procedures_procedure_history", args=[obj.pk])


def version_url(obj, version):
    return reverse("admin:procedures_procedure_version", args=[obj.pk, version.pk])


@pytest.fixture
def edited(admin_client, long_procedure):
    """Published twice: a new section body, then the first section deleted and a new one."""
    publish(admin_client, long_procedure, **{"sections-3-body": "Nerves grow an inch a month."})
    publish(
        admin_client,
        long_procedure,
        title="Cross-facial nerve grafting",
        **{
            "sections-0-DELETE": "on",
            "sections-TOTAL_FORMS": "6",
            "sections-5-heading": "Results",
            "sections-5-body": "Most people smile within a year.",
            "sections-5-order": "9",
            "sections-5-procedure": str(long_procedure.pk),
        },
    )
    return long_procedure


def test_history_lists_every_published_version(admin_client, edited):
    html = admin_client.get(history_url(edited)).content.decode()
    versions = list(Version.objects.of(edited))
    assert [v.note for v in versions] == ["Published", "Published", "As it was before"]
    for version in versions:
        assert version_url(edited, version) in html
    assert "boss" in html


def test_compare_shows_fields_and_sections_that_differ(admin_client, edited):
    original = Version.objects.of(edited).last()  # as it was before
    html = admin_client.get(version_url(edited, original)).content.decode()
    assert "Cross-facial nerve graft" in html and "Cross-facial nerve grafting" in html
    # The deleted section is only in the old version, the new one only in the page now.
    assert "Section “What it is”: only in “Version of" in html
    assert "Section “Results”: only in “On the site now”" in html
    # A changed section body is shown word by word.
    assert "Section “Recovery”: changed" in html
    assert "Nerves grow <del>about</del><ins>an inch</ins> a <del>millimeter a day.</del>" in html
    # A short value (the title) side by side under the two versions' names; a table of longer
    # texts alone has one column for them, as the changes are marked in one text.
    heads = {}
    for module in html.split('<div class="module')[1:]:
        title = re.search(r"<(caption|h2)>([^<]*)</\1>", module)
        heads[title[2]] = re.search(r"<thead>(.*?)</thead>", module, re.S)[1]
    assert re.findall(r"<th[^>]*>([^<]*)</th>", heads["Fields of the page"]) == [
        "Field",
        f"Version of {when(original.published_at)}",
        "On the site now",
    ]
    assert '<th scope="col" colspan="2">From “Version of' in heads["Section “Recovery”: changed"]


def test_restore_as_draft_brings_back_fields_and_sections_without_touching_the_site(
    admin_client, edited
):
    original = Version.objects.of(edited).last()
    response = admin_client.post(version_url(edited, original))
    assert response.status_code == 302 and response["Location"] == change_url(edited)

    # The site is unchanged...
    edited.refresh_from_db()
    assert edited.title == "Cross-facial nerve grafting"
    page = public_text(edited.get_absolute_url())
    assert "Most people smile within a year." in page and "What it is" not in page
    # ...the draft holds the old version, and the form shows it.
    assert Draft.objects.of(edited).exists()
    data = change_form_data(admin_client, edited)
    assert data["title"] == "Cross-facial nerve graft"
    bodies = [v for k, v in data.items() if k.startswith("sections-") and k.endswith("-body")]
    assert "Nerves grow about a millimeter a day." in bodies
    assert "A nerve graft **bridges** a gap." in "\n".join(bodies).replace("\r\n", "\n")

    # Publishing the draft brings back the old page: its deleted section returns, the new one
    # goes.
    publish(admin_client, edited)
    headings = list(Section.objects.filter(procedure=edited).values_list("heading", flat=True))
    assert headings == [
        "What it is",
        "Who it can help",
        "How it is done",
        "Recovery",
        "Risks and side effects",
    ]
    page = public_text(edited.get_absolute_url())
    assert "A nerve graft" in page and "Most people smile within a year." not in page
    assert "about a millimeter a day" in page
    assert Version.objects.of(edited).first().data["title"] == ["Cross-facial nerve graft"]


def test_restoring_replaces_the_unpublished_changes_after_saying_so(admin_client, edited):
    submit(admin_client, edited, {"summary": "Work in progress"}, "_save_draft")
    original = Version.objects.of(edited).last()
    html = admin_client.get(version_url(edited, original)).content.decode()
    assert "Restoring replaces the unpublished changes" in html
    admin_client.post(version_url(edited, original))
    assert Draft.objects.count() == 1
    assert change_form_data(admin_client, edited)["summary"] != "Work in progress"


def test_restoring_cancels_the_replaced_drafts_go_live_time(admin_client, edited):
    submit(admin_client, edited, {"summary": "Ready for Monday."}, "_save_draft")
    go_live = timezone.now() + timedelta(days=3)
    Draft.objects.update(publish_at=go_live)
    original = Version.objects.of(edited).last()
    shown = unescape(strip_tags(admin_client.get(version_url(edited, original)).content.decode()))
    assert "and cancels their go-live time" in shown

    response = admin_client.post(version_url(edited, original), follow=True)
    draft = Draft.objects.get()
    assert (draft.publish_at, draft.scheduled_by) == (None, None)
    assert draft.data["title"] == ["Cross-facial nerve graft"]
    said = " ".join(messages_of(response))
    assert f"Its go-live time ({when(go_live)}) was for the replaced changes" in said
    # Nothing goes live by itself: the worker finds nothing due, even long after.
    assert run_due(now=go_live + timedelta(days=1)) == (0, 0)
    assert Version.objects.of(edited).first().data["title"] == ["Cross-facial nerve grafting"]


def test_unpublished_changes_can_be_compared_with_the_live_page(admin_client, long_procedure):
    submit(admin_client, long_procedure, {"sections-1-heading": "Who it helps"}, "_save_draft")
    url = reverse("admin:procedures_procedure_changes", args=[long_procedure.pk])
    html = admin_client.get(url).content.decode()
    assert "Section “Who it helps”: changed" in html
    assert "Who it can help" in html


def test_a_case_version_never_brings_back_an_old_consent(admin_client, draftable_objects):
    """Restoring an old version of a gallery case leaves its consent records as they are now:
    a revocation entered since must never be undone by a draft."""
    case = draftable_objects["case"][0]
    publish(admin_client, case, title="A smile restored after surgery")
    old = Version.objects.of(case).last()
    consent = case.consents.get()
    data = change_form_data(admin_client, case)
    data["consents-0-revoked_on"] = data["consents-0-signed_on"]
    data["is_published"] = ""
    publish(admin_client, case, **{k: v for k, v in data.items() if k.startswith("consents-")})
    consent.refresh_from_db()
    assert consent.revoked_on is not None

    admin_client.post(reverse("admin:gallery_case_version", args=[case.pk, old.pk]))
    publish(admin_client, case)
    consent.refresh_from_db()
    assert consent.revoked_on is not None
    assert Client().get(case.get_absolute_url()).status_code == 404


def test_a_section_edit_is_logged_on_its_page_and_stores_its_html(admin_client, long_procedure):
    publish(admin_client, long_procedure, **{"sections-3-body": "Nerves regrow slowly."})
    recovery = Section.objects.get(procedure=long_procedure, heading="Recovery")
    assert recovery.body_html == "<p>Nerves regrow slowly.</p>"
    html = admin_client.get(history_url(long_procedure)).content.decode()
    assert "Changed Text for section “Recovery”." in html


def test_a_restored_condition_stores_its_old_html(admin_client, make_condition):
    condition = make_condition("Bell’s palsy", body="## First\n\nOriginal text.")
    publish(admin_client, condition, body="## First\n\nChanged text.")
    condition.refresh_from_db()
    assert condition.body_html == '<h2 id="first">First</h2>\n<p>Changed text.</p>'
    original = Version.objects.of(condition).last()
    admin_client.post(
        reverse("admin:procedures_condition_version", args=[condition.pk, original.pk])
    )
    publish(admin_client, condition)
    condition.refresh_from_db()
    assert condition.body_html == '<h2 id="first">First</h2>\n<p>Original text.</p>'


def test_a_case_version_leaves_out_a_photo_pair_deleted_since_and_says_so(
    admin_client, make_case, make_procedure
):
    """A version holds no photos: a pair deleted since cannot come back, and restoring the rest
    must still make a draft that can be published."""
    case = make_case(procedures=[make_procedure()], pairs=2)
    publish(admin_client, case, title="A smile restored, two views")
    old = Version.objects.of(case).get(note="Published")
    publish(admin_client, case, **{"pairs-1-DELETE": "on", "title": "A smile restored"})
    assert case.pairs.count() == 1
    url = reverse("admin:gallery_case_version", args=[case.pk, old.pk])

    compare = unescape(strip_tags(admin_client.get(url).content.decode()))
    assert "left out of the draft if you restore this version" in compare
    assert "(a version keeps no photos): 1 photo pair." in compare

    response = admin_client.post(url)
    assert any("(a version keeps no photos): 1 photo pair." in m for m in messages_of(response))
    publish(admin_client, case)  # the draft is accepted as it is
    case.refresh_from_db()
    assert case.title == "A smile restored, two views"
    assert case.pairs.count() == 1
    assert not Draft.objects.exists()
