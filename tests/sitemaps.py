"""Reading the sitemap in tests: /sitemap.xml is an index of files, each holding addresses."""

import re
from urllib.parse import urlsplit

from django.urls import reverse


def sitemap_files(client):
    """The paths (with `?p=`) of every file the index lists."""
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    index = response.content.decode()
    assert "<sitemapindex" in index
    return [
        urlsplit(loc)._replace(scheme="", netloc="").geturl()
        for loc in re.findall(r"<loc>(.*?)</loc>", index)
    ]


def sitemap_xml(client):
    """Every file of the sitemap, fetched and joined: its <url> entries, in the index's order."""
    files = []
    for path in sitemap_files(client):
        response = client.get(path)
        assert response.status_code == 200, path
        files.append(response.content.decode())
    return "\n".join(files)


def sitemap_entries(client):
    """{path: lastmod or None} for every address of the sitemap."""
    found = {}
    for block in re.findall(r"<url>(.*?)</url>", sitemap_xml(client), re.S):
        loc = re.search(r"<loc>https?://[^/]+(.*?)</loc>", block).group(1)
        lastmod = re.search(r"<lastmod>(.*?)</lastmod>", block)
        found[loc] = lastmod.group(1) if lastmod else None
    return found
