"""Addresses of the pages, and what happens with wrong ones."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_url_names_resolve_to_the_documented_paths():
    assert reverse("procedures:index") == "/procedures/"
    assert reverse("procedures:group", kwargs={"group_slug": "nerve-surgery"}) == (
        "/procedures/nerve-surgery/"
    )
    assert reverse(
        "procedures:detail",
        kwargs={"group_slug": "nerve-surgery", "slug": "cross-facial-nerve-graft"},
    ) == ("/procedures/nerve-surgery/cross-facial-nerve-graft/")
    assert reverse("procedures:conditions") == "/conditions/"
    assert reverse("procedures:condition", kwargs={"slug": "bells-palsy"}) == (
        "/conditions/bells-palsy/"
    )
    assert reverse("procedures:faq") == "/faq/"


def test_models_link_to_their_pages(long_procedure, group, make_condition):
    assert (
        long_procedure.get_absolute_url() == "/procedures/nerve-surgery/cross-facial-nerve-graft/"
    )
    assert group.get_absolute_url() == "/procedures/nerve-surgery/"
    condition = make_condition("Bell's palsy", slug="bells-palsy")
    assert condition.get_absolute_url() == "/conditions/bells-palsy/"
    faq = long_procedure.faqs.get()
    assert faq.get_absolute_url() == f"/faq/#faq-{faq.pk}"


def test_every_page_answers(client, practice, long_procedure, group, make_condition):
    condition = make_condition(procedures=[long_procedure])
    for url in (
        "/procedures/",
        group.get_absolute_url(),
        long_procedure.get_absolute_url(),
        "/conditions/",
        condition.get_absolute_url(),
        "/faq/",
    ):
        assert client.get(url).status_code == 200, url


def test_procedure_under_the_wrong_group_is_404(client, practice, long_procedure):
    assert client.get("/procedures/muscle-surgery/cross-facial-nerve-graft/").status_code == 404


def test_unknown_slugs_are_404(client, practice, group):
    assert client.get("/procedures/no-such-group/").status_code == 404
    assert client.get("/procedures/nerve-surgery/no-such-procedure/").status_code == 404
    assert client.get("/conditions/no-such-condition/").status_code == 404


def test_faq_answer_links_land_on_the_question(client, practice, long_procedure):
    faq = long_procedure.faqs.get()
    html = client.get("/faq/").content.decode()
    assert f'<details class="faq" id="faq-{faq.pk}">' in html


def test_breadcrumbs_lead_back_through_group_and_index(client, practice, long_procedure):
    html = client.get(long_procedure.get_absolute_url()).content.decode()
    crumbs = html.split('<nav class="breadcrumbs" aria-label="Breadcrumb">', 1)[1].split("</nav>")[
        0
    ]
    assert '<a href="/">Home</a>' in crumbs
    assert '<a href="/procedures/">Procedures</a>' in crumbs
    assert '<a href="/procedures/nerve-surgery/">Nerve surgery</a>' in crumbs
    assert '<span aria-current="page">Cross-facial nerve graft</span>' in crumbs
