"""/sitemap.xml is an index; each section is split into files of SITEMAP_LIMIT addresses."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procedures.models import Procedure, ProcedureGroup
from tests.sitemaps import sitemap_files, sitemap_xml

pytestmark = pytest.mark.django_db


def add_procedures(group, count, start=0):
    Procedure.objects.bulk_create(
        Procedure(
            group=group,
            title=f"Procedure {i}",
            slug=f"procedure-{i}",
            summary="S.",
            meta_description="D.",
            status=Procedure.Status.PUBLISHED,
            order=i,
        )
        for i in range(start, start + count)
    )


@pytest.fixture
def group(practice):
    return ProcedureGroup.objects.create(title="Nerve surgery", slug="nerve-surgery", summary="S.")


def locs(xml):
    return re.findall(r"<loc>https?://[^/<]+(.*?)</loc>", xml)


def test_a_large_section_is_split_into_files_the_index_lists(client, settings, group):
    settings.SITEMAP_LIMIT = 5
    add_procedures(group, 12)
    files = sitemap_files(client)
    section = reverse("sitemap-section", kwargs={"section": "procedures"})
    assert section == "/sitemap-procedures.xml"
    assert [f for f in files if f.startswith(section)] == [
        section,
        f"{section}?p=2",
        f"{section}?p=3",
    ]
    sizes = [len(locs(client.get(f).content.decode())) for f in files if f.startswith(section)]
    assert sizes == [5, 5, 2]
    every = locs(sitemap_xml(client))
    assert len([p for p in every if p.startswith("/procedures/nerve-surgery/procedure-")]) == 12
    assert len(every) == len(set(every))  # no address in two files


def test_the_index_dates_each_section(client, group):
    add_procedures(group, 2)
    index = client.get(reverse("sitemap")).content.decode()
    procedures = re.search(
        r"<sitemap>\s*<loc>[^<]*/sitemap-procedures.xml</loc>(.*?)</sitemap>", index, re.S
    )
    assert re.search(r"<lastmod>\d{4}-\d\d-\d\d", procedures.group(1))


@pytest.mark.parametrize("path", ["/sitemap-procedures.xml?p=9", "/sitemap-nothing.xml"])
def test_a_file_that_does_not_exist_is_a_404(client, group, path):
    add_procedures(group, 2)
    assert client.get(path).status_code == 404


def test_the_index_and_a_file_cost_the_same_with_ten_times_the_content(client, settings, group):
    settings.SITEMAP_LIMIT = 20

    def cost(path):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        return len(queries), len(response.content)

    add_procedures(group, 40)
    index, section = cost("/sitemap.xml"), cost("/sitemap-procedures.xml?p=2")
    add_procedures(group, 360, start=40)
    large_index, large_section = cost("/sitemap.xml"), cost("/sitemap-procedures.xml?p=2")
    assert large_index[0] == index[0] and large_section == section
    # The index gains one line per file: 18 more files here.
    assert large_index[1] - index[1] < 18 * 150
