"""Markdown typed in the admin reaches pages as safe HTML, with anchors and a contents list.

It is rendered once, when a row is saved, and stored; pages only read it.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from practice_site.models import Page
from procedures.markdown import RESERVED_IDS, render_markdown
from procedures.models import FAQ, Condition, Section

pytestmark = pytest.mark.django_db

HOSTILE = """\
Hello <script>alert("s")</script> there.

<img src="x" onerror="alert('e')">

<p onclick="alert('c')" style="color:red">Styled</p>

[click](javascript:alert('j')) and <a href="JaVaScRiPt:alert(1)">mixed case</a>

<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>
"""


def assert_harmless(html):
    lowered = html.lower()
    for needle in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<style",
        "style=",
        "<img",
        "alert(",
    ):
        assert needle not in lowered, needle


def test_render_markdown_removes_scripts_handlers_styles_and_bad_links():
    html = render_markdown(HOSTILE).html
    assert_harmless(html)
    assert "Hello" in html and "there." in html and "Styled" in html


def test_render_markdown_keeps_ordinary_formatting_and_safe_links():
    html = render_markdown(
        "**Bold**, *italic*, [site](https://example.org/) and [page](/faq/)\n\n- one\n- two"
    ).html
    assert "<strong>Bold</strong>" in html
    assert "<em>italic</em>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">site</a>' in html
    assert '<a href="/faq/" rel="noopener noreferrer">page</a>' in html
    assert "<li>one</li>" in html


def test_headings_get_unique_ids_and_shift_below_the_page_heading():
    rendered = render_markdown("## Recovery\n\nx\n\n## Recovery\n\ny\n\n### Later", top_level=3)
    assert '<h3 id="recovery">' in rendered.html
    assert '<h3 id="recovery-2">' in rendered.html
    assert '<h4 id="later">' in rendered.html
    assert [h["id"] for h in rendered.headings] == ["recovery", "recovery-2", "later"]


def test_heading_titles_for_the_contents_are_plain_text():
    rendered = render_markdown("## Bell's palsy & you")
    assert rendered.headings[0]["title"] == "Bell’s palsy & you"


def test_hostile_markdown_never_reaches_a_procedure_page(client, practice, make_procedure):
    procedure = make_procedure(
        "Hostile", sections=[("What it is", HOSTILE)], faqs=[("Safe?", HOSTILE)]
    )
    html = client.get(procedure.get_absolute_url()).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert_harmless(main)
    assert "Styled" in main


def test_hostile_markdown_never_reaches_a_condition_or_the_faq_page(
    client, practice, make_condition
):
    condition = make_condition("Hostile cause", body=HOSTILE)
    FAQ.objects.create(question="Hostile?", answer=HOSTILE)
    for url in (condition.get_absolute_url(), reverse("procedures:faq")):
        html = client.get(url).content.decode()
        main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert_harmless(main)


def test_html_in_a_question_or_heading_is_escaped(client, practice, make_procedure):
    procedure = make_procedure(
        "Escaped",
        sections=[('<img src=x onerror="alert(1)">', "Body.")],
        faqs=[("<script>alert(2)</script>?", "Answer.")],
    )
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "<script>alert(2)" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;?" in html
    assert '<img src=x onerror="alert(1)">' not in html


def test_long_page_has_a_table_of_contents_linking_every_section(client, practice, long_procedure):
    html = client.get(long_procedure.get_absolute_url()).content.decode()
    assert 'aria-labelledby="toc-title"' in html
    for anchor in (
        "what-it-is",
        "who-it-can-help",
        "how-it-is-done",
        "recovery",
        "risks-and-side-effects",
    ):
        assert f'<li><a href="#{anchor}">' in html
        # The heading's name is its words alone: a link inside made screen readers say
        # "Recovery Link to “Recovery” #" for the heading and its section.
        assert re.search(rf'<h2 id="{anchor}" class="anchored-heading">[^<]+</h2>', html)
    # A sub-heading inside a section gets an id that cannot clash with another section's.
    assert '<h3 id="what-it-is--a-detail">A detail</h3>' in html


def test_short_page_has_no_table_of_contents(client, practice, make_procedure):
    procedure = make_procedure("Short", sections=[("What it is", "Brief."), ("Risks", "Few.")])
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert 'aria-labelledby="toc-title"' not in html
    assert '<h2 id="what-it-is" class="anchored-heading">' in html


def test_section_heading_that_repeats_or_clashes_with_page_ids_gets_its_own_anchor(
    client, practice, make_procedure
):
    procedure = make_procedure(
        "Clash", sections=[("Recovery", "a"), ("Recovery", "b"), ("Page title", "c")]
    )
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert 'id="recovery"' in html and 'id="recovery-2"' in html
    assert html.count('id="page-title"') == 1
    assert 'id="page-title-2"' in html


def test_an_id_typed_as_raw_html_does_not_survive():
    html = render_markdown('<h2 id="main">Hijack</h2>\n\n## Recovery\n\nText.').html
    assert 'id="main"' not in html
    assert '<h2 id="recovery">Recovery</h2>' in html


def test_condition_headings_never_take_an_id_the_page_uses(client, practice, make_condition):
    condition = make_condition(body="## Main\n\nText.\n\n## Related title\n\nMore.")
    html = client.get(condition.get_absolute_url()).content.decode()
    assert html.count('id="main"') == 1 and html.count('id="related-title"') <= 1
    assert 'id="main-2"' in html and 'id="related-title-2"' in html


def test_condition_contents_list_counts_main_headings_only(client, practice, make_condition):
    subheadings = "\n\n".join(f"### Detail {n}\n\nText." for n in range(5))
    condition = make_condition(body=f"## One\n\nText.\n\n{subheadings}\n\n## Two\n\nText.")
    html = client.get(condition.get_absolute_url()).content.decode()
    assert 'aria-labelledby="toc-title"' not in html  # two sections: no contents list
    long_body = "\n\n".join(f"## Part {n}\n\nText." for n in range(4))
    condition = make_condition(title="Longer", body=long_body)
    html = client.get(condition.get_absolute_url()).content.decode()
    assert 'aria-labelledby="toc-title"' in html


def test_every_fixed_id_in_the_public_templates_is_reserved():
    """Headings in stored text never take an id that a template writes into the same page."""
    root = Path(settings.BASE_DIR, "templates")
    fixed = set()
    for template in root.rglob("*.html"):
        if template.relative_to(root).parts[0] == "admin":
            continue  # staff pages show no stored Markdown
        fixed |= set(re.findall(r'\bid="([^"{]+)"', template.read_text()))
    assert fixed, "no ids found: the templates folder moved?"
    assert sorted(fixed - RESERVED_IDS) == []


# --- Stored when saved ---------------------------------------------------------------------------


def test_saving_stores_the_html_of_every_markdown_field(practice, group, make_procedure):
    procedure = make_procedure(
        sections=[("What it is", "A graft **bridges** a gap.\n\n## A detail\n\nMore.")],
        faqs=[("Why?", "## Detail\n\nBecause.")],
    )
    condition = Condition.objects.create(
        title="Palsy", slug="palsy", summary="s", meta_description="m", body="## Main\n\nText."
    )
    page = Page.objects.create(key="terms", title="Terms", meta_description="m", body="*Hi*")
    group.refresh_from_db()
    assert group.intro_html == (
        '<h2 id="intro--why-nerves">Why nerves</h2>\n<p>Nerves carry the signal.</p>'
    )
    section = procedure.sections.get()
    assert section.anchor == "what-it-is"
    assert section.body_html == (
        "<p>A graft <strong>bridges</strong> a gap.</p>\n"
        '<h3 id="what-it-is--a-detail">A detail</h3>\n<p>More.</p>'
    )
    faq = procedure.faqs.get()
    assert faq.answer_html == f'<h3 id="faq-{faq.pk}--detail">Detail</h3>\n<p>Because.</p>'
    condition.refresh_from_db()
    assert condition.body_html == '<h2 id="main-2">Main</h2>\n<p>Text.</p>'
    assert condition.contents == [{"id": "main-2", "title": "Main"}]
    page.refresh_from_db()
    assert page.body_html == "<p><em>Hi</em></p>"


def test_pages_show_the_stored_html_and_render_no_markdown(
    client, practice, group, long_procedure, make_condition, monkeypatch
):
    condition = make_condition(procedures=[long_procedure])
    FAQ.objects.create(question="General?", answer="**Yes.**")
    Page.objects.create(key="about", title="About", meta_description="m", body="Our *story*.")

    def refuse(*args, **kwargs):
        raise AssertionError("a page rendered Markdown")

    monkeypatch.setattr("procedures.markdown.markdown.Markdown", refuse)
    shown = {
        group.get_absolute_url(): group.intro_html,
        long_procedure.get_absolute_url(): long_procedure.sections.first().body_html,
        condition.get_absolute_url(): condition.body_html,
        reverse("procedures:faq"): "<p><strong>Yes.</strong></p>",
        reverse("pages:about"): "<p>Our <em>story</em>.</p>",
    }
    for url, html in shown.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert html in response.content.decode(), url


def test_an_edit_saved_outside_the_admin_is_shown(client, practice, make_condition):
    """The shell, a script or the demo loader: saving is enough."""
    condition = make_condition(body="## First\n\nOld words.")
    condition.body = "## Second\n\nNew words."
    condition.save()
    html = client.get(condition.get_absolute_url()).content.decode()
    assert '<h2 id="second">Second</h2>' in html and "New words." in html
    assert "Old words." not in html


def test_saving_only_the_text_field_still_stores_its_html(long_procedure):
    section = long_procedure.sections.first()
    section.body = "Rewritten."
    section.save(update_fields=["body"])
    section.refresh_from_db()
    assert section.body_html == "<p>Rewritten.</p>"


def test_a_section_anchor_is_unique_among_its_procedure_and_freed_when_renamed(
    make_procedure,
):
    procedure = make_procedure(sections=[("Recovery", "a"), ("Recovery", "b")])
    first, second = procedure.sections.all()
    assert (first.anchor, second.anchor) == ("recovery", "recovery-2")
    assert second.body_html == "<p>b</p>"
    first.heading = "Healing"
    first.save()
    second.save()
    assert [s.anchor for s in procedure.sections.all()] == ["healing", "recovery"]
    # Another procedure's sections do not count.
    other = make_procedure(sections=[("Recovery", "c")])
    assert other.sections.get().anchor == "recovery"


def test_answers_have_the_same_heading_level_on_the_procedure_and_the_faq_page(
    client, practice, make_procedure
):
    procedure = make_procedure(faqs=[("How long?", "## Weeks\n\nA few.")])
    faq = procedure.faqs.get()
    heading = f'<h3 id="faq-{faq.pk}--weeks">Weeks</h3>'
    for url in (procedure.get_absolute_url(), reverse("procedures:faq")):
        assert heading in client.get(url).content.decode(), url


def test_questions_made_in_bulk_are_rendered_when_told(practice):
    """bulk_create() skips save(): code that uses it calls render() first."""
    faq = FAQ(question="Bulk?", answer="*Made* in bulk.")
    faq.render()
    FAQ.objects.bulk_create([faq])
    assert FAQ.objects.get().answer_html == "<p><em>Made</em> in bulk.</p>"


def test_a_new_row_validates_before_its_html_exists(group, make_procedure):
    """full_clean() runs before save() (admin forms, the demo loader): the HTML is not yet there."""
    procedure = make_procedure()
    rows = [
        Section(procedure=procedure, heading="Recovery", body="Text."),
        Condition(title="Palsy", slug="palsy", summary="s", meta_description="m", body="Text."),
        FAQ(question="Why?", answer="Because."),
        Page(key="terms", title="Terms", meta_description="m", body="Text."),
    ]
    for row in rows:
        row.full_clean()
        row.save()
        assert "<p>" in (getattr(row, "body_html", None) or row.answer_html), row
