"""The old site's addresses keep working, and staff import its address list in one step."""

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.redirects.models import Redirect
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_site import roles
from tests.staff import named_permissions

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:redirects_redirect_import")


@pytest.fixture
def old_site(db):
    for old, new in [
        ("/facial-paralysis-surgery/", "/procedures/"),
        ("/facial-paralysis-surgery/facial-reanimation/", "/procedures/facial-reanimation/"),
        ("/index.php?page_id=12", "/faq/"),
        ("/index.php", "/procedures/"),
        ("/old-blog/", ""),
    ]:
        Redirect.objects.create(site_id=settings.SITE_ID, old_path=old, new_path=new)


@pytest.mark.parametrize(
    ("address", "target"),
    [
        # Answered 404 before: the query string was part of the lookup.
        (
            "/facial-paralysis-surgery/facial-reanimation/?utm_source=newsletter&utm_medium=email",
            "/procedures/facial-reanimation/",
        ),
        ("/facial-paralysis-surgery/facial-reanimation", "/procedures/facial-reanimation/"),
        ("/facial-paralysis-surgery/facial-reanimation/", "/procedures/facial-reanimation/"),
        ("/facial-paralysis-surgery", "/procedures/"),
        ("/facial-paralysis-surgery/?fbclid=abc", "/procedures/"),
        # Old pages nobody listed lead to their section's new home, not to a 404.
        ("/facial-paralysis-surgery/smile-reanimation/", "/procedures/"),
        (
            "/facial-paralysis-surgery/facial-reanimation/gallery/2/",
            "/procedures/facial-reanimation/",
        ),
        # An address whose query string is the page (WordPress) is matched as a whole first.
        ("/index.php?page_id=12", "/faq/"),
        ("/index.php?page_id=13", "/procedures/"),
    ],
)
def test_old_addresses_redirect_whatever_their_spelling(client, old_site, address, target):
    response = client.get(address)
    assert response.status_code == 301
    assert response["Location"] == target


def test_a_page_that_is_gone_answers_410_and_unknown_addresses_404(client, old_site, practice):
    gone = client.get("/old-blog/?page=2")
    assert gone.status_code == 410
    # The site's own page, not an empty one: what happened, and where to go instead.
    html = gone.content.decode()
    assert "This page has been removed" in html and 'href="/procedures/"' in html
    assert client.get("/old-blog/2019/post/").status_code == 410  # below a gone section
    assert client.get("/never-existed/").status_code == 404


def test_a_redirect_never_hides_a_page_of_the_new_site(client, old_site, practice):
    Redirect.objects.create(site_id=settings.SITE_ID, old_path="/contact/", new_path="/faq/")
    assert client.get("/contact/").status_code == 200


@pytest.fixture
def editor(sign_in_staff):
    return sign_in_staff(roles.CONTENT_EDITOR, "editor").user


def upload(client, text, encoding="utf-8"):
    file = SimpleUploadedFile("old-site.csv", text.encode(encoding), content_type="text/csv")
    return client.post(IMPORT, {"file": file})


CSV = """\
Old address,New address
https://www.old-practice.example/facial-paralysis-surgery/,/procedures/
/facial-paralysis-surgery/facial-reanimation/,/procedures/facial-reanimation/
/smile-surgery,http://127.0.0.1:8000/procedures/facial-reanimation/
/old-blog/,
/facial-paralysis-surgery/,/faq/
/somewhere/,https://elsewhere.example/
/typo/,/procedure/facial-reanimation/
/faq/,/procedures/
/same/,/same/
not a path,/procedures/
/three/,/procedures/,extra
/only-one-column/
"""


def test_staff_import_the_old_address_list_with_a_report_of_every_row(client, editor, make_group):
    make_group("Facial reanimation")
    Redirect.objects.create(
        site_id=settings.SITE_ID,
        old_path="/facial-paralysis-surgery/facial-reanimation/",
        new_path="/procedures/",
    )
    changelist = client.get(reverse("admin:redirects_redirect_changelist"))
    assert f'href="{IMPORT}"' in changelist.content.decode()

    response = upload(client, CSV)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 added, 1 updated, 0 already there, 8 refused" in html
    stored = dict(Redirect.objects.values_list("old_path", "new_path"))
    assert stored == {
        "/facial-paralysis-surgery/": "/procedures/",
        "/facial-paralysis-surgery/facial-reanimation/": "/procedures/facial-reanimation/",
        "/smile-surgery": "/procedures/facial-reanimation/",
        "/old-blog/": "",
    }
    for reason in [
        "The old address /facial-paralysis-surgery/ is already on line 2 of the file",
        "The new address is not a page of this site",
        "/procedure/facial-reanimation/ cannot be the new address: there is no page at this "
        "address",
        "/faq/ is a page of this site, so a redirect from it would never be used",
        "The old and new addresses are the same page",
        "The old address must be a path such as /old-page/ or a full address",
        "It has more than two columns",
        "It needs two columns",
    ]:
        assert reason in html.replace("&#x27;", "'")
    # Each stored redirect has its entry in the admin history, as a hand edit would.
    assert LogEntry.objects.filter(user=editor).count() == 4

    again = upload(client, CSV).content.decode()
    assert "0 added, 0 updated, 4 already there, 8 refused" in again
    assert (
        client.get("/smile-surgery/?utm_source=x")["Location"] == "/procedures/facial-reanimation/"
    )


def test_a_mistyped_page_and_a_loop_are_refused_and_a_chain_is_kept(client, editor, make_group):
    make_group("Facial reanimation")
    Redirect.objects.create(site_id=settings.SITE_ID, old_path="/loop-b/", new_path="/faq/")
    rows = (
        "/smile/,/procedures/facial-reanimaton/\n"  # the group's address, mistyped
        "/loop-a/,/loop-b/\n"  # on to /faq/ through /loop-b/: kept
        "/loop-b/,/loop-a/\n"  # /loop-a/ now leads back here
        "/older/,/loop-a/\n"  # a chain of redirects in the same file: kept
    )
    html = upload(client, rows).content.decode().replace("&#x27;", "'")
    assert "2 added, 0 updated, 0 already there, 2 refused" in html
    assert (
        "/procedures/facial-reanimaton/ cannot be the new address: no page is shown at that "
        "address (it may be mistyped" in html
    )
    assert "/loop-a/ is itself redirected back to /loop-b/" in html
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/loop-a/": "/loop-b/",
        "/loop-b/": "/faq/",
        "/older/": "/loop-a/",
    }
    assert client.get("/older/")["Location"] == "/loop-a/"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("/a/,/faq/\n".encode("utf-16"), "1 added"),  # Excel's "Unicode Text"
        (b"PK\x03\x04rest of a workbook", "This is a spreadsheet file (.xlsx)"),
        (b"/a/,/f\x00aq/\n", "characters that are not text"),
    ],
    ids=["utf-16", "xlsx", "nul"],
)
def test_a_file_in_another_format_is_read_or_refused_clearly(client, editor, data, message):
    file = SimpleUploadedFile("old-site.csv", data, content_type="text/csv")
    response = client.post(IMPORT, {"file": file})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_old_address_shaped_like_a_page_that_does_not_exist_may_redirect(
    client, editor, old_site
):
    """The old site's likeliest addresses look like this site's: /procedures/facelift/ has the
    shape of a group's page, but there is no such group, so it answers 404 without a redirect."""
    html = upload(client, "/procedures/facelift/,/procedures/\n/faq/,/\n").content.decode()
    assert "1 added, 0 updated, 0 already there, 1 refused" in html
    assert client.get("/procedures/facelift/")["Location"] == "/procedures/"


def test_an_off_site_target_needs_the_separate_permission(client, editor):
    editor.user_permissions.add(*named_permissions(roles.OFF_SITE_REDIRECTS_PERMISSION))
    html = upload(client, "/somewhere/,https://elsewhere.example/\n").content.decode()
    assert "1 added, 0 updated, 0 already there, 0 refused" in html
    assert Redirect.objects.get().new_path == "https://elsewhere.example/"


def test_a_spreadsheet_saved_by_excel_on_windows_is_read(client, editor):
    html = upload(client, "/caf\u00e9-pasadena/;/procedures/\n", encoding="cp1252").content.decode()
    assert "1 added" in html
    assert Redirect.objects.get().old_path == "/caf\u00e9-pasadena/"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Old,New\n", "The file has no rows of old and new addresses."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x81\x81\x81", "could not be read as text"),
        (b"/a/,/procedures/\n" * 70000, "an address list is at most 1 MB"),
    ],
)
def test_a_file_that_cannot_be_used_stores_nothing_and_says_why(client, editor, content, message):
    file = SimpleUploadedFile("list.csv", content, content_type="text/csv")
    html = client.post(IMPORT, {"file": file}).content.decode()
    assert "Nothing was imported" in html and message in html
    assert not Redirect.objects.exists()


def test_front_desk_staff_cannot_import(client, sign_in_staff):
    sign_in_staff(roles.FRONT_DESK)
    assert client.get(IMPORT).status_code == 403
