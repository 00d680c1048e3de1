"""Lists a page at a time: what a page costs depends on what it shows, not on what exists."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice_site.views import HOME_PER_GROUP
from procedures import views
from procedures.models import FAQ, Condition, Procedure, ProcedureGroup

pytestmark = pytest.mark.django_db

SITE = "http://testserver"  # SITE_URL in the test settings' environment is not set: see below


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def add_procedures(group, count, start=0, **fields):
    """`count` published procedures in `group`, ordered by their number."""
    return Procedure.objects.bulk_create(
        Procedure(
            group=group,
            title=f"Procedure {i:03d}",
            slug=f"procedure-{i:03d}",
            summary=f"What procedure {i:03d} does.",
            meta_description="About it.",
            status=Procedure.Status.PUBLISHED,
            order=i,
            **fields,
        )
        for i in range(start, start + count)
    )


def add_faqs(count, procedure=None, start=0):
    faqs = [
        FAQ(procedure=procedure, question=f"Question {i:03d}?", answer=f"Answer {i}.", order=i)
        for i in range(start, start + count)
    ]
    for faq in faqs:  # bulk_create() skips save(), which stores the answer's HTML
        faq.render()
    return FAQ.objects.bulk_create(faqs)


def add_conditions(count, procedures=(), start=0):
    conditions = Condition.objects.bulk_create(
        Condition(
            title=f"Condition {i:03d}",
            slug=f"condition-{i:03d}",
            summary=f"What condition {i:03d} is.",
            body="Text.",
            body_html="<p>Text.</p>",
            meta_description="About it.",
            order=i,
        )
        for i in range(start, start + count)
    )
    # Every condition treated by every procedure, in one INSERT ... SELECT: set() per condition
    # re-reads each one's procedures in their ordering (a join to the groups), which PostgreSQL
    # planned badly inside the test's transaction (minutes for 300 conditions), and 90,000 link
    # objects for bulk_create() took seconds of Python to build.
    if conditions and procedures:
        quote = connection.ops.quote_name
        links = Condition.procedures.through._meta
        condition_ids = [condition.pk for condition in conditions]
        procedure_ids = [procedure.pk for procedure in procedures]
        # The models' own table names; the ids go as parameters.
        sql = (
            f"INSERT INTO {quote(links.db_table)} (condition_id, procedure_id) "  # noqa: S608
            f"SELECT c.id, p.id FROM {quote(Condition._meta.db_table)} c "
            f"CROSS JOIN {quote(Procedure._meta.db_table)} p "
            f"WHERE c.id IN ({', '.join(['%s'] * len(condition_ids))}) "
            f"AND p.id IN ({', '.join(['%s'] * len(procedure_ids))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, condition_ids + procedure_ids)
    return conditions


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def canonical(page):
    return re.search(r'<link rel="canonical" href="([^"]*)">', page).group(1)


def head_links(page):
    return dict(
        (rel, href) for rel, href in re.findall(r'<link rel="(prev|next)" href="([^"]*)">', page)
    )


def nav_links(page):
    """Addresses of the numbered page links, in order."""
    nav = re.search(r'<nav class="pagination".*?</nav>', page, re.S).group(0)
    return re.findall(r'class="pagination__page[^"]*" href="([^"]*)"', nav)


def jsonld(page):
    return [json.loads(block) for block in re.findall(r"ld\+json\">(.*?)</script>", page, re.S)]


def cost(client, url):
    """(queries, bytes) of one request to `url` (after one that warms per-process caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_a_group_page_lists_twelve_procedures_a_page_with_real_links(client, practice, group):
    group.intro = "## Why nerves\n\nNerves carry the signal."
    group.save()
    add_procedures(group, 30)
    url = group.get_absolute_url()

    first = html(client.get(url))
    assert first.count('class="card procedure-card"') == views.GROUP_PER_PAGE
    assert "Procedure 000" in first and "Procedure 012" not in first
    assert nav_links(first) == [url, f"{url}?page=2", f"{url}?page=3"]
    assert 'aria-current="page"' in first
    assert head_links(first) == {"next": f"{SITE}{url}?page=2"}
    assert canonical(first) == f"{SITE}{url}"
    assert re.search(r"<title>Nerve surgery[^(<]*</title>", first)
    assert "Nerves carry the signal" in first

    second = html(client.get(url, {"page": 2}))
    assert "Procedure 012" in second and "Procedure 023" in second
    assert "Procedure 011" not in second and "Procedure 024" not in second
    assert canonical(second) == f"{SITE}{url}?page=2"
    assert head_links(second) == {"prev": f"{SITE}{url}", "next": f"{SITE}{url}?page=3"}
    assert re.search(r"<title>Nerve surgery[^<]*\(page 2\)[^<]*</title>", second)
    assert "page 2 of 3" in second
    # The introduction is the group's page; later pages list procedures only.
    assert "Nerves carry the signal" not in second
    assert jsonld(second)[0]["@graph"][0]["url"] == f"{SITE}{url}?page=2"
    assert len(jsonld(second)[0]["@graph"][0]["about"]) == views.GROUP_PER_PAGE

    last = html(client.get(url, {"page": 3}))
    assert last.count('class="card procedure-card"') == 6
    assert head_links(last) == {"prev": f"{SITE}{url}?page=2"}


@pytest.mark.parametrize("page", ["4", "0", "two", "-1"])
def test_a_page_that_does_not_exist_is_a_404(client, practice, group, page):
    add_procedures(group, 30)
    assert client.get(group.get_absolute_url(), {"page": page}).status_code == 404


def test_a_short_list_has_no_pagination(client, practice, group):
    add_procedures(group, 3)
    page = html(client.get(group.get_absolute_url()))
    assert 'class="pagination"' not in page and 'rel="next"' not in page


def test_the_index_shows_each_groups_first_procedures_and_a_link_to_all(client, practice, group):
    other = ProcedureGroup.objects.create(title="Cosmetic", slug="cosmetic", summary="S.", order=20)
    add_procedures(group, 40)
    add_procedures(other, 2, start=100)
    add_conditions(20)

    page = html(client.get(reverse("procedures:index")))
    assert page.count('class="card procedure-card"') == views.INDEX_PER_GROUP + 2
    assert f'href="{group.get_absolute_url()}">All 40 procedures in nerve surgery</a>' in page
    assert f'href="{other.get_absolute_url()}">About cosmetic</a>' in page
    assert page.count('class="pill-list__link"') == views.INDEX_CONDITIONS
    assert f'href="{reverse("procedures:conditions")}">All causes of facial paralysis' in page


def test_conditions_are_listed_a_page_at_a_time_naming_four_treatments(client, practice, group):
    procedures = add_procedures(group, 10)
    add_conditions(15, procedures=procedures)
    url = reverse("procedures:conditions")

    first = html(client.get(url))
    assert first.count('class="card condition-card"') == views.GROUP_PER_PAGE
    assert (
        "Treatments include</span> Procedure 000, Procedure 001, Procedure 002, Procedure 003 "
        "and more</p>" in first
    )
    assert nav_links(first) == [url, f"{url}?page=2"]
    second = html(client.get(url, {"page": 2}))
    assert second.count('class="card condition-card"') == 3
    assert canonical(second) == f"{SITE}{url}?page=2"
    assert "<title>Causes of facial paralysis (page 2)" in second


def test_each_condition_card_names_its_own_first_treatments_in_the_sites_order(
    client, practice, group, make_procedure, make_condition
):
    later = ProcedureGroup.objects.create(title="Cosmetic", slug="cosmetic", summary="S.", order=20)
    # Titles that sort the other way round from the groups: the group's order comes first.
    brow = make_procedure("A brow lift", group=later)
    nerves = [make_procedure(f"Nerve step {n}", order=n) for n in range(5, 0, -1)]
    draft = make_procedure("Nerve step 0", order=0, status=Procedure.Status.DRAFT)
    make_condition("First cause", order=1, procedures=[brow, draft, *nerves])
    make_condition("Second cause", order=2, procedures=[brow, nerves[0]])
    make_condition("Third cause", order=3)

    cards = html(client.get(reverse("procedures:conditions"))).split('class="card condition-card"')
    first, second, third = cards[1:]
    assert (
        "Treatments include</span> Nerve step 1, Nerve step 2, Nerve step 3, Nerve step 4 "
        "and more</p>" in first
    )
    assert "Treatments include</span> Nerve step 5, A brow lift</p>" in second
    assert "Treatments include" not in third


def test_a_condition_page_names_twelve_treatments_and_six_other_causes(client, practice, group):
    procedures = add_procedures(group, 20)
    condition, *_ = add_conditions(10, procedures=procedures)

    page = html(client.get(condition.get_absolute_url()))
    aside = re.search(r'<ul class="glance__links">.*?</ul>', page, re.S).group(0)
    assert aside.count("<li>") == views.TREATMENTS_SHOWN
    assert "More treatments among all our procedures" in page
    assert page.count('<li class="card">') == views.OTHER_CONDITIONS
    treatments = jsonld(page)[0]["@graph"][1]["possibleTreatment"]
    assert len(treatments) == views.TREATMENTS_SHOWN


def test_faq_pages_hold_25_questions_and_say_where_a_topic_continues(client, practice, group):
    procedure, *_ = add_procedures(group, 1)
    add_faqs(20)  # general questions come first
    add_faqs(20, procedure=procedure, start=100)
    url = reverse("procedures:faq")

    first = html(client.get(url))
    assert first.count('<details class="faq"') == views.FAQ_PER_PAGE
    assert nav_links(first) == [url, f"{url}?page=2"]
    assert "(continued)" not in first
    questions = jsonld(first)[0]["@graph"][0]["mainEntity"]
    assert len(questions) == views.FAQ_PER_PAGE

    second = html(client.get(url, {"page": 2}))
    assert second.count('<details class="faq"') == 15
    assert "Question 105?" in second and "Question 104?" not in second
    assert 'Procedure 000 <span class="faq-topic__continued">(continued)</span>' in second
    assert canonical(second) == f"{SITE}{url}?page=2"
    assert jsonld(second)[0]["@graph"][0]["url"] == f"{SITE}{url}?page=2"


def test_a_topic_that_starts_on_a_page_is_not_marked_continued(client, practice, group):
    procedure, *_ = add_procedures(group, 1)
    add_faqs(25)
    add_faqs(3, procedure=procedure, start=100)
    second = html(client.get(reverse("procedures:faq"), {"page": 2}))
    assert "(continued)" not in second and "Question 100?" in second


def test_groups_come_in_their_own_order_not_by_title(client, practice, group):
    """The index and the home page list the groups in the order staff gave them (the demo puts
    facial reanimation first and cosmetic last), whatever their titles."""
    first = ProcedureGroup.objects.create(
        title="Zygomatic first", slug="first", summary="S.", order=1
    )
    last = ProcedureGroup.objects.create(
        title="Aesthetic last", slug="last", summary="S.", order=99
    )
    for each in (first, group, last):
        add_procedures(each, 1, start=each.order)
    for url in (reverse("procedures:index"), reverse("pages:home")):
        page = html(client.get(url))
        places = [page.index(each.title) for each in (first, group, last)]
        assert places == sorted(places), url


def test_the_home_page_fetches_only_the_procedures_it_names(client, practice, group):
    add_procedures(group, 30)
    with CaptureQueriesContext(connection) as queries:
        page = html(client.get(reverse("pages:home")))
    card = re.search(r'<ul class="card__links".*?</ul>', page, re.S).group(0)
    # The first HOME_PER_GROUP, then a link to the group's page naming how many there are.
    assert card.count("<li>") == HOME_PER_GROUP + 1
    assert f'<a href="{group.get_absolute_url()}">All 30 procedures</a>' in card
    # The procedures' query asks the database for that many rows a group (a LIMIT each), not
    # for all of them to rank.
    procedure_queries = [
        q["sql"] for q in queries if q["sql"].startswith('SELECT "procedures_procedure"."id"')
    ]
    assert len(procedure_queries) == 1, [q["sql"] for q in queries]
    assert f"LIMIT {HOME_PER_GROUP}" in procedure_queries[0]
    assert "ROW_NUMBER" not in procedure_queries[0].upper()


PAGES = [
    ("pages:home", {}),
    ("procedures:index", {}),
    ("procedures:group", {"group_slug": "nerve-surgery"}),
    ("procedures:conditions", {}),
    ("procedures:condition", {"slug": "condition-000"}),
    ("procedures:faq", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_page_costs_the_same_with_ten_times_the_content(client, practice, group, name, kwargs):
    """Queries and bytes with 30 items of each kind, then with 300: the same, give or take
    larger numbers and a few more page links."""
    url = reverse(name, kwargs=kwargs)
    procedures = add_procedures(group, 30)
    add_conditions(30, procedures=procedures)
    add_faqs(30)
    small = cost(client, url)

    more = add_procedures(group, 270, start=30)
    add_conditions(270, procedures=procedures + more, start=30)
    add_faqs(270, start=30)
    large = cost(client, url)
    assert large[0] == small[0]
    assert abs(large[1] - small[1]) < 500, (small, large)
