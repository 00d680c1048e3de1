"""The demo procedures (demo/procedures, conditions, faqs): every procedure from the seed, the
conditions, questions and the redirect."""

import re

import pytest
from django.contrib.redirects.models import Redirect

from practice_site import demo
from practice_site.models import Page, Provider
from procedures.markdown import render_markdown
from procedures.models import FAQ, Condition, Procedure, ProcedureGroup

pytestmark = pytest.mark.django_db

GROUPS = {"facial-reanimation", "nerve-surgery", "muscle-surgery", "cosmetic"}
PROCEDURES = {
    "facial-reanimation/smile-reanimation",
    "facial-reanimation/eye-closure-restoration",
    "muscle-surgery/temporalis-myoplasty",
    "muscle-surgery/gracilis-free-muscle-transfer",
    "muscle-surgery/temporalis-tendon-transfer",
    "nerve-surgery/selective-neurolysis",
    "nerve-surgery/cross-facial-nerve-graft",
    "nerve-surgery/masseter-to-facial-nerve-transfer",
    "cosmetic/botox-for-facial-balance",
    "cosmetic/facelift",
    "cosmetic/eyelid-surgery",
    "cosmetic/brow-lift",
    "cosmetic/facial-asymmetry-correction",
    "cosmetic/static-sling",
}
CONDITIONS = {
    "tumors-and-cancer-treatment",
    "bells-palsy",
    "facial-trauma",
    "congenital-facial-paralysis",
}


@pytest.fixture
def loaded(demo_content):
    """What `demo.load_procedures` stored on an empty database (in the run's demo snapshot)."""


def test_demo_creates_the_fixed_slugs_published(loaded):
    assert set(ProcedureGroup.objects.values_list("slug", flat=True)) == GROUPS
    found = {
        f"{p.group.slug}/{p.slug}" for p in Procedure.objects.published().select_related("group")
    }
    assert found == PROCEDURES
    assert set(Condition.objects.published().values_list("slug", flat=True)) == CONDITIONS


def test_every_procedure_page_has_substantial_sections_including_recovery_and_risks(loaded):
    for procedure in Procedure.objects.prefetch_related("sections"):
        headings = [s.heading.lower() for s in procedure.sections.all()]
        assert len(headings) >= 5, procedure
        assert any("recovery" in h or "what to expect" in h for h in headings), procedure
        assert any("risk" in h for h in headings), procedure
        words = sum(len(s.body.split()) for s in procedure.sections.all())
        assert words >= 300, (procedure, words)
        assert len(procedure.meta_description) <= 160


def test_every_demo_procedure_is_linked_to_a_condition_it_treats(loaded):
    """A procedure page without "Conditions it treats" reads as if it treated none."""
    unlinked = Procedure.objects.published().filter(conditions__isnull=True)
    assert not unlinked.exists(), list(unlinked.values_list("title", flat=True))


def test_the_seeds_other_sections_are_covered(loaded):
    smile = Procedure.objects.get(slug="smile-reanimation")
    headings = [s.heading for s in smile.sections.all()]
    for expected in (
        "Early or late: why timing matters",
        "Who is a good candidate",
        "Your consultation",
        "Risks and side effects",
    ):
        assert expected in headings
    consultation = smile.sections.get(heading="Your consultation").body
    assert "nerve studies" in consultation and "imaging" in consultation


def test_at_least_ten_general_questions_including_the_seeds_five(loaded):
    general = list(FAQ.objects.filter(procedure=None).values_list("question", flat=True))
    assert len(general) >= 10
    assert FAQ.objects.published().count() >= 15
    for fragment in (
        "smile on one side",
        "facial reanimation and smile reanimation",
        "different from smile reanimation",
        "nerve damage permanent",
        "How is facial reanimation performed",
    ):
        assert any(fragment in q for q in general), fragment


def test_demo_text_is_us_english_and_renders_cleanly(loaded):
    texts = [
        s.body for p in Procedure.objects.prefetch_related("sections") for s in p.sections.all()
    ]
    texts += list(Condition.objects.values_list("body", flat=True))
    texts += list(FAQ.objects.values_list("answer", flat=True))
    texts += list(ProcedureGroup.objects.values_list("intro", flat=True))
    joined = "\n".join(
        texts
        + list(FAQ.objects.values_list("question", flat=True))
        + list(Page.objects.values_list("body", flat=True))
        + [bio for p in Provider.objects.all() for bio in (p.short_bio, p.long_bio)]
    )
    for british in (
        "for ever",
        "tumour",
        "paralysed",
        "colour",
        "anaesthe",
        "centre",
        "behaviour",
        "organise",
        "theatre",
    ):
        assert british not in joined.lower(), british
    for text in texts:
        html = render_markdown(text).html
        assert "<pre>" not in html and "<code>" not in html  # no accidental indented blocks


def test_internal_links_in_demo_text_point_at_real_pages(loaded, client):
    texts = "\n".join(
        list(Condition.objects.values_list("body", flat=True))
        + list(FAQ.objects.values_list("answer", flat=True))
        + list(ProcedureGroup.objects.values_list("intro", flat=True))
        + [s.body for p in Procedure.objects.prefetch_related("sections") for s in p.sections.all()]
    )
    links = set(re.findall(r"\]\((/[^)]*)\)", texts))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_demo_is_idempotent(loaded, demo_snapshot):
    assert "Demo procedures, conditions and FAQs: added." in demo_snapshot.output  # the first load
    counts = (Procedure.objects.count(), FAQ.objects.count(), Redirect.objects.count())
    assert demo.load_procedures(demo.read()) is False
    assert (Procedure.objects.count(), FAQ.objects.count(), Redirect.objects.count()) == counts


def test_old_facial_reanimation_address_redirects_permanently(loaded, client):
    response = client.get("/facial-paralysis-surgery/facial-reanimation/")
    assert response.status_code == 301
    assert response["Location"] == "/procedures/facial-reanimation/"
    assert client.get(response["Location"]).status_code == 200


def test_staff_can_add_their_own_redirect_in_admin(loaded, admin_client, client):
    response = admin_client.post(
        "/admin/redirects/redirect/add/",
        {
            "site": 1,
            "old_path": "/old-botox-page/",
            "new_path": "/procedures/cosmetic/botox-for-facial-balance/",
        },
    )
    assert response.status_code == 302
    assert client.get("/old-botox-page/")["Location"] == (
        "/procedures/cosmetic/botox-for-facial-balance/"
    )
