"""Who sees what: drafts, unpublished conditions and questions, staff previews."""

import re

import pytest
from django.urls import reverse

from procedures.models import FAQ, Procedure
from tests.html import page_html

from .test_seo import of_type

pytestmark = pytest.mark.django_db


def test_published_procedure_is_public(client, practice, long_procedure):
    html = page_html(client, long_procedure.get_absolute_url())
    assert '<h1 id="page-title" class="page-header__title">Cross-facial nerve graft</h1>' in html
    assert "Draft" not in html
    assert "noindex" not in html


def test_draft_procedure_is_404_for_the_public(client, practice, make_procedure):
    draft = make_procedure("Secret draft", status=Procedure.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_draft_procedure_is_404_for_a_signed_in_non_staff_user(
    client, practice, make_procedure, django_user_model
):
    draft = make_procedure("Secret draft", status=Procedure.Status.DRAFT)
    client.force_login(django_user_model.objects.create_user("patient", password="x" * 20))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_with_a_banner_noindex_and_no_caching(
    staff_client, practice, make_procedure
):
    draft = make_procedure(
        "Secret draft", status=Procedure.Status.DRAFT, sections=[("What it is", "Not public yet.")]
    )
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="staff-notice__badge">Draft</strong>' in html
    assert "Not public yet." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert reverse("admin:procedures_procedure_change", args=[draft.pk]) in html
    cache_control = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    # A draft is not offered for consultation requests and has no structured data yet.
    assert f"?procedure={draft.pk}" not in html
    assert "application/ld+json" not in html


def test_staff_view_of_a_published_page_is_private_too(staff_client, practice, long_procedure):
    response = staff_client.get(long_procedure.get_absolute_url())
    assert "Published</strong>" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_page_is_not_marked_private(client, practice, long_procedure):
    response = client.get(long_procedure.get_absolute_url())
    assert "private" not in response.get("Cache-Control", "")
    assert "staff-notice" not in response.content.decode()


def test_inactive_staff_cannot_preview(client, practice, make_procedure, staff_user):
    draft = make_procedure("Secret draft", status=Procedure.Status.DRAFT)
    staff_user.is_active = False
    staff_user.save()
    client.force_login(staff_user)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_drafts_are_left_out_of_lists(client, practice, group, make_procedure):
    make_procedure("Visible one")
    make_procedure("Hidden one", status=Procedure.Status.DRAFT)
    for url in (reverse("procedures:index"), group.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Visible one" in html
        assert "Hidden one" not in html


def test_published_procedure_page_preselects_it_for_a_consultation(
    client, practice, long_procedure
):
    response = client.get(long_procedure.get_absolute_url())
    assert response.context["cta_procedure"] == long_procedure
    html = response.content.decode()
    assert f'/consultation/?procedure={long_procedure.pk}"' in html


def test_unpublished_condition_is_404_for_public_and_previewable_by_staff(
    client, practice, make_condition, staff_user, verified_login
):
    condition = make_condition("Hidden cause", is_published=False)
    url = condition.get_absolute_url()
    assert client.get(url).status_code == 404
    verified_login(client, staff_user)
    response = client.get(url)
    assert response.status_code == 200
    assert 'class="staff-notice__badge">Draft</strong>' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_unpublished_conditions_are_left_out_of_the_index_and_procedure_pages(
    client, practice, long_procedure, make_condition
):
    make_condition("Shown cause", procedures=[long_procedure])
    make_condition("Hidden cause", procedures=[long_procedure], is_published=False)
    for url in (reverse("procedures:conditions"), long_procedure.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Shown cause" in html
        assert "Hidden cause" not in html


def test_condition_lists_only_published_procedures(
    client, practice, make_procedure, make_condition
):
    shown = make_procedure("Shown treatment")
    hidden = make_procedure("Hidden treatment", status=Procedure.Status.DRAFT)
    condition = make_condition("A cause", procedures=[shown, hidden])
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "Shown treatment" in html
    assert "Hidden treatment" not in html


def test_faq_page_shows_published_questions_only(client, practice, make_procedure):
    published = make_procedure("Open procedure", faqs=[("Shown procedure question?", "Yes.")])
    make_procedure(
        "Draft procedure", status=Procedure.Status.DRAFT, faqs=[("Question of a draft?", "Hidden.")]
    )
    FAQ.objects.create(question="General question?", answer="Answer.")
    FAQ.objects.create(question="Unpublished question?", answer="No.", is_published=False)
    html = client.get(reverse("procedures:faq")).content.decode()
    assert "General question?" in html
    assert "Shown procedure question?" in html
    assert "Question of a draft?" not in html
    assert "Unpublished question?" not in html
    # General questions come first, then each procedure's under its own heading.
    assert html.index("General question?") < html.index("Shown procedure question?")
    assert f'href="{published.get_absolute_url()}"' in html
    # Each topic's link says which procedure it leads to, in a list of links too.
    link = re.search(rf'<a[^>]*href="{published.get_absolute_url()}">(.*?)</a>', html).group(1)
    assert "Open procedure" in link


def test_staff_see_every_question_on_the_faq_page_with_hidden_ones_marked(
    staff_client, practice, make_procedure
):
    make_procedure(
        "Draft procedure", status=Procedure.Status.DRAFT, faqs=[("Question of a draft?", "Hidden.")]
    )
    FAQ.objects.create(question="General question?", answer="Answer.")
    hidden = FAQ.objects.create(question="Unpublished question?", answer="No.", is_published=False)
    response = staff_client.get(hidden.get_absolute_url())
    html = response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert (
        html.count('<summary class="faq__question"><strong class="staff-notice__badge">Not public')
        == 2
    )
    assert f'id="faq-{hidden.pk}"' in html and "Question of a draft?" in html
    # The structured data still lists only what the public sees.
    (page,) = of_type(html, "FAQPage")
    assert [q["name"] for q in page["mainEntity"]] == ["General question?"]


def test_unpublished_question_is_left_off_its_procedure_page(client, practice, make_procedure):
    procedure = make_procedure("Open procedure", faqs=[("Shown?", "Yes.")])
    FAQ.objects.create(procedure=procedure, question="Withdrawn?", answer="No.", is_published=False)
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "Shown?" in html
    assert "Withdrawn?" not in html
