"""Every page runs the same small number of queries with 3 or with 12 procedures and questions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procedures.models import FAQ, Condition, Procedure, Section

pytestmark = pytest.mark.django_db

# A ceiling, not the budget itself: a procedure page runs six queries of its own (procedure with
# its group, sections, questions, conditions, related procedures, practice profile) plus those of
# the gallery's and testimonials' blocks. What matters is that 12 items cost no more than 3: a
# query per item would show as nine more.
MAX_QUERIES = 15


@pytest.fixture
def fill(make_procedure, make_condition):
    """fill(n): n procedures in one group (each with a question, the first with n sections),
    n conditions, n FAQs."""

    def fill(n):
        start = Procedure.objects.count()
        procedures = make_procedure.many(n)
        main = Procedure.objects.get(slug="procedure-0")
        sections = [
            Section(procedure=main, heading=f"Section {i}", body=f"Text **{i}**.", order=i)
            for i in range(start, start + n)
        ]
        faqs = (
            [
                FAQ(procedure=main, question=f"Question {i}?", answer=f"Yes, *{i}*.", order=i)
                for i in range(start, start + n)
            ]
            + [FAQ(procedure=p, question=f"About {p.title}?", answer="Yes.") for p in procedures]
            + [FAQ(question=f"General {i}?", answer="Yes.") for i in range(start, start + n)]
        )
        for row in sections + faqs:  # bulk_create() skips save(), which renders the Markdown
            row.render()
        Section.objects.bulk_create(sections)
        FAQ.objects.bulk_create(faqs)
        for i in range(start, start + n):
            make_condition(f"Condition {i}", procedures=procedures)
        # The page under test links every procedure and is linked to every condition.
        Condition.objects.get(slug="condition-0").procedures.set(Procedure.objects.all())
        main.conditions.set(Condition.objects.all())

    return fill


PAGES = [
    reverse("procedures:index"),
    "/procedures/nerve-surgery/",
    "/procedures/nerve-surgery/procedure-0/",
    reverse("procedures:conditions"),
    "/conditions/condition-0/",
    reverse("procedures:faq"),
]  # The sitemap has its own test in test_sitemap.py.


@pytest.mark.parametrize("url", PAGES)
def test_query_count_is_the_same_for_3_and_12_items(
    client, practice, url, django_assert_max_num_queries, fill
):
    fill(3)
    client.get(url)  # warm up per-process caches (content types, the practice profile's row)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert len(few) <= MAX_QUERIES, [q["sql"] for q in few]

    fill(9)
    assert Procedure.objects.count() == 12
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
    # A procedure page shows all of its own sections; lists show a bounded part of the rest
    # (tests/procedures/test_pagination.py).
    if url == "/procedures/nerve-surgery/procedure-0/":
        html = response.content.decode()
        assert html.count('class="procedure-section prose"') == 12
        assert "<p>Text <strong>11</strong>.</p>" in html and "<p>Yes, <em>11</em>.</p>" in html
    if url == "/conditions/condition-0/":
        assert response.content.decode().count('<li><a href="/procedures/nerve-surgery/') == 12
    if url == reverse("procedures:faq"):
        assert response.content.decode().count('<details class="faq"') == 25
