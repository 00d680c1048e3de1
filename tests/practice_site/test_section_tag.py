"""{% section %}: a page section labelled by its own heading."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source, **context):
    return Template("{% load site_tags %}" + source).render(Context(context))


def test_the_section_is_labelled_by_its_heading():
    html = render(
        '{% section id="faq-heading" title=title class="section--tinted" container="narrow" %}'
        "\n    <p>Body</p>\n{% endsection %}",
        title="Questions & answers",
    )
    assert html == (
        '<section class="section section--tinted" aria-labelledby="faq-heading">\n'
        '  <div class="container narrow">\n'
        '    <h2 id="faq-heading" class="section__title">Questions &amp; answers</h2>\n'
        "    <p>Body</p>\n"
        "  </div>\n"
        "</section>"
    )


def test_a_section_without_a_heading_is_a_template_error():
    with pytest.raises(TemplateSyntaxError, match="takes id=, title="):
        render('{% section id="x" %}{% endsection %}')
