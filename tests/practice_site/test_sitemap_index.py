"""/sitemap.xml is an index; each section is split into files of SITEMAP_LIMIT addresses."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.sitemaps import sitemap_files, sitemap_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_procedures(practice, make_procedure):
    """add_procedures(count): published procedures in "Nerve surgery", on the practice's site."""
    return make_procedure.many


def locs(xml):
    return re.findall(r"<loc>https?://[^/<]+(.*?)</loc>", xml)


def test_a_large_section_is_split_into_files_the_index_lists(client, settings, add_procedures):
    settings.SITEMAP_LIMIT = 5
    add_procedures(12)
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


def test_the_index_dates_each_section(client, add_procedures):
    add_procedures(2)
    index = client.get(reverse("sitemap")).content.decode()
    procedures = re.search(
        r"<sitemap>\s*<loc>[^<]*/sitemap-procedures.xml</loc>(.*?)</sitemap>", index, re.S
    )
    assert re.search(r"<lastmod>\d{4}-\d\d-\d\d", procedures.group(1))


@pytest.mark.parametrize("path", ["/sitemap-procedures.xml?p=9", "/sitemap-nothing.xml"])
def test_a_file_that_does_not_exist_is_a_404(client, add_procedures, path):
    add_procedures(2)
    assert client.get(path).status_code == 404


def test_the_index_and_a_file_cost_the_same_with_ten_times_the_content(
    client, settings, add_procedures
):
    settings.SITEMAP_LIMIT = 20

    def cost(path):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        return len(queries), len(response.content)

    add_procedures(40)
    index, section = cost("/sitemap.xml"), cost("/sitemap-procedures.xml?p=2")
    add_procedures(360)
    large_index, large_section = cost("/sitemap.xml"), cost("/sitemap-procedures.xml?p=2")
    assert large_index[0] == index[0] and large_section == section
    # The index gains one line per file: 18 more files here.
    assert large_index[1] - index[1] < 18 * 150
