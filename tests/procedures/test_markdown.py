"""Markdown typed in the admin reaches pages as safe HTML, with anchors and a contents list."""

import pytest
from django.urls import reverse

from procedures.markdown import render_markdown
from procedures.models import FAQ

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
        assert f'<h2 id="{anchor}" class="anchored-heading">' in html
        assert f'<a class="heading-anchor" href="#{anchor}">' in html
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
