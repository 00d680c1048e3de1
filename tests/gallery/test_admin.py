"""The gallery admin: lists, filters, uploads through the pipeline, and consent revocation."""

import re
import sqlite3
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gallery import services
from gallery.models import Case, Photo, PhotoConsent, PhotoPair, Rendition
from gallery.services import process_upload
from tests.html import page_html

from . import images
from .forms import case_fields

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:gallery_case_changelist")
ADD = reverse("admin:gallery_case_add")


def case_form(procedures, **overrides):
    """A complete POST for the case add form with one consent and one photo pair."""
    photos = {
        "pairs-0-before_upload": images.upload("jane-doe-before.jpg", images.tainted_jpeg()),
        "pairs-0-after_upload": images.upload(
            "jane-doe-after.png", images.png(), content_type="image/png"
        ),
    }
    return case_fields([procedures["smile"].pk], **{**photos, **overrides})


def change_form(procedures, case, **overrides):
    """case_form for `case` as stored (its one consent and pair): a new before photo unless
    overridden, the after photo kept."""
    consent, pair = case.consents.get(), case.pairs.get()
    return case_form(
        procedures,
        **{
            "consents-INITIAL_FORMS": "1",
            "consents-0-id": consent.pk,
            "consents-0-case": case.pk,
            "consents-0-signed_on": consent.signed_on.isoformat(),
            "pairs-INITIAL_FORMS": "1",
            "pairs-0-id": pair.pk,
            "pairs-0-case": case.pk,
            "pairs-0-after_upload": "",
            **overrides,
        },
    )


def test_changelist_shows_thumbnail_case_and_status_columns(
    admin_client, make_case, django_assert_max_num_queries
):
    shown = make_case(title="Shown case")
    hidden = make_case(title="Revoked case", consent="revoked")
    with django_assert_max_num_queries(20):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for case in (shown, hidden):
        pair = case.pairs.get()
        assert pair.after.thumbnail.url in html
        assert f"Patient {case.number}" in html
    assert ">On the website<" in html and ">Consent revoked<" in html


def test_on_site_column_filter_and_view_on_site_follow_the_public_pages(admin_client, make_case):
    cases = [
        make_case(title="Shown"),
        make_case(title="Revoked", consent="revoked"),
        make_case(title="Unpublished", published=False),
        make_case(title="No photos", pairs=0),
        make_case(title="Office only", consent="office"),
    ]
    visitor = Client()
    public = {c.title for c in cases if visitor.get(c.get_absolute_url()).status_code == 200}
    assert public == {"Shown"}

    response = admin_client.get(CHANGELIST)
    model_admin = response.context["cl"].model_admin
    shown = {c.title for c in response.context["cl"].result_list if c.is_public}
    assert shown == public
    for case in response.context["cl"].result_list:
        assert ("On the website" in model_admin.status(case)) == (case.title in public)

    def filtered(value):
        return {
            c.title
            for c in admin_client.get(CHANGELIST, {"on_site": value}).context["cl"].result_list
        }

    assert filtered("yes") == public
    assert filtered("no") == {c.title for c in cases} - public
    for case in cases:
        html = admin_client.get(reverse("admin:gallery_case_change", args=[case.pk])).content
        assert (b"View on site" in html) == (case.title in public), case.title


def test_changelist_queries_do_not_grow_with_cases(admin_client, make_case):
    make_case()
    admin_client.get(CHANGELIST)  # the first request after logging in also saves the session
    with CaptureQueriesContext(connection) as few:
        admin_client.get(CHANGELIST)
    for _ in range(8):
        make_case(pairs=2)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(CHANGELIST)
    assert len(few) == len(many)


@pytest.mark.parametrize(
    "status, expected",
    [
        ("active", {"Active case"}),
        ("revoked", {"Revoked case"}),
        ("expired", {"Expired case"}),
        ("missing", {"Missing case"}),
        ("not_yet", {"Future case"}),
    ],
)
def test_filter_by_consent_status(admin_client, make_case, status, expected):
    for consent, title in [
        ("active", "Active case"),
        ("revoked", "Revoked case"),
        ("expired", "Expired case"),
        (None, "Missing case"),
        ("future", "Future case"),
    ]:
        make_case(consent=consent, title=title)
    response = admin_client.get(CHANGELIST, {"consent": status})
    assert {case.title for case in response.context["cl"].result_list} == expected


def test_filter_by_procedure(admin_client, make_case, procedures):
    make_case(title="Smile", procedures=[procedures["smile"]])
    make_case(title="Brow", procedures=[procedures["brow"]])
    response = admin_client.get(CHANGELIST, {"procedures__id__exact": procedures["brow"].pk})
    assert [case.title for case in response.context["cl"].result_list] == ["Brow"]


def test_add_page_and_change_page_load_with_previews(admin_client, make_case):
    add_page = admin_client.get(ADD)
    assert add_page.status_code == 200
    assert "no more than 3 times as long as it is wide" in add_page.content.decode()  # help
    case = make_case(consent="revoked", real_files=True)
    html = page_html(admin_client, reverse("admin:gallery_case_change", args=[case.pk]))
    pair = case.pairs.get()
    for photo, alt in ((pair.before, pair.before_alt), (pair.after, pair.after_alt)):
        assert photo.thumbnail.url in html and alt in html
        assert admin_client.get(photo.thumbnail.url).status_code == 200  # staff preview route
    assert "Hidden from visitors, because the patient has withdrawn their website consent." in html
    assert '<div class="readonly">Revoked</div>' in html  # the consent's own status, in its row


def test_a_consent_ended_by_a_withdrawal_on_another_says_so(admin_client, make_case):
    case = make_case()  # an open-ended consent signed 30 days ago
    today = timezone.localdate()
    PhotoConsent.objects.create(case=case, signed_on=today - timedelta(days=2), revoked_on=today)
    html = page_html(admin_client, reverse("admin:gallery_case_change", args=[case.pk]))
    assert '<div class="readonly">Revoked</div>' in html
    assert "Revoked: a withdrawal recorded on another consent of this kind ends it too" in html
    assert "Hidden from visitors, because the patient has withdrawn their website consent." in html


def test_a_refused_form_says_to_choose_the_photos_again(admin_client, procedures):
    response = admin_client.post(ADD, case_form(procedures, title=""))
    assert response.status_code == 200 and not Case.objects.exists()
    html = unescape(response.content.decode())
    assert "choose the photos or videos again before you press “Publish”" in html
    # A refusal without a chosen file says nothing of the kind.
    response = admin_client.post(ADD, case_fields([procedures["smile"].pk], title=""))
    assert "choose the photos or videos again" not in unescape(response.content.decode())


def test_adding_a_case_runs_uploads_through_the_pipeline(admin_client, procedures, settings):
    response = admin_client.post(ADD, case_form(procedures))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    case = Case.objects.get()
    pair = case.pairs.get()
    assert pair.before.width > pair.before.height  # turned upright
    assert Photo.objects.count() == 2
    files = images.stored_files(settings)
    assert len(files) == Rendition.objects.count()
    assert not any("jane" in name or name.endswith((".jpg", ".png")) for name in files)
    for rendition in pair.before.renditions.all():
        with rendition.file.open("rb") as handle:
            assert b"Jane Doe" not in handle.read()
    assert admin_client.get(case.get_absolute_url()).status_code == 200


def another_writer_gets_in():
    """Whether another process could write to the database now (always, on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return True
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_photos_are_converted_before_the_save_takes_the_database(
    admin_client, procedures, monkeypatch
):
    """Converting large photos takes seconds. A patient's request sent meanwhile must not wait
    for them (on SQLite the save's transaction holds the only write lock): each photo is
    converted once, before that transaction begins."""
    converted = []

    def converting(uploaded, kind=services.PHOTO):
        converted.append((uploaded.name, connection.in_atomic_block, another_writer_gets_in()))
        return process_upload(uploaded, kind)

    monkeypatch.setattr(services, "process_upload", converting)
    response = admin_client.post(ADD, case_form(procedures))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert sorted(converted) == [
        ("jane-doe-after.png", False, True),
        ("jane-doe-before.jpg", False, True),
    ]
    assert Case.objects.get().pairs.get().before.renditions.exists()


def test_refused_upload_is_a_form_error_and_stores_nothing(admin_client, procedures, settings):
    data = case_form(
        procedures,
        **{"pairs-0-after_upload": images.upload("after.png", images.gif(), "image/png")},
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "This file is a GIF image" in response.content.decode()
    assert not Case.objects.exists() and not Photo.objects.exists()
    assert images.stored_files(settings) == []


def pair_errors(response, field):
    """The errors shown next to `field` of the first photo pair in the admin form."""
    (pairs,) = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "pairs"]
    return pairs.formset.forms[0].errors.get(field, [])


@pytest.mark.parametrize(
    "name, size, fmt, content_type",
    [
        ("long-screenshot.png", (400, 60_000), "PNG", "image/png"),
        ("panorama.jpg", (60_000, 400), "JPEG", "image/jpeg"),
    ],
)
def test_extreme_proportions_are_a_form_error_and_store_nothing(
    admin_client, procedures, settings, name, size, fmt, content_type
):
    upload = images.upload(name, images.solid(size, fmt), content_type)
    response = admin_client.post(ADD, case_form(procedures, **{"pairs-0-after_upload": upload}))
    assert response.status_code == 200
    (error,) = pair_errors(response, "after_upload")
    assert f"{size[0]:,} × {size[1]:,} pixels" in error
    assert "at most 3 times as long as it is wide" in error
    html = response.content.decode()
    field_row = html[html.index('field-after_upload"') :]
    assert field_row.index(error) < field_row.index('name="pairs-0-after_upload"')
    # The valid before photo of the same pair was not stored either.
    assert not Case.objects.exists() and not Photo.objects.exists()
    assert images.stored_files(settings) == []


def test_replacing_a_photo_with_a_panorama_keeps_the_old_photo(admin_client, make_case, procedures):
    case = make_case(real_files=True, procedures=[procedures["smile"]])
    pair = case.pairs.get()
    files = {r.file.name for r in pair.before.renditions.all()}
    panorama = images.upload("panorama.jpg", images.solid((20_000, 500), "JPEG"))
    data = change_form(procedures, case, **{"pairs-0-before_upload": panorama})
    response = admin_client.post(reverse("admin:gallery_case_change", args=[case.pk]), data)
    assert response.status_code == 200
    assert "screenshot or a panorama" in pair_errors(response, "before_upload")[0]
    assert PhotoPair.objects.get().before_id == pair.before_id
    assert Photo.objects.count() == 2
    for name in files:
        assert pair.before.renditions.get(file=name).file.storage.exists(name)


def test_a_pair_needs_both_photos_and_both_descriptions(admin_client, procedures):
    data = case_form(procedures, **{"pairs-0-before_upload": "", "pairs-0-after_alt": ""})
    response = admin_client.post(ADD, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose the before photo." in html and "This field is required." in html
    assert not Case.objects.exists() and not Photo.objects.exists()


def test_replacing_a_photo_deletes_the_old_one_and_its_files(
    admin_client, make_case, procedures, settings, django_capture_on_commit_callbacks
):
    case = make_case(real_files=True, procedures=[procedures["smile"]])
    pair = case.pairs.get()
    old_before = pair.before
    old_files = {r.file.name for r in old_before.renditions.all()}
    data = change_form(procedures, case)  # a new before photo, the same after photo
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:gallery_case_change", args=[case.pk]), data)
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.before_id != old_before.pk
    assert not Photo.objects.filter(pk=old_before.pk).exists()
    assert not old_files & set(images.stored_files(settings))


def test_the_delete_page_names_the_procedure_listings_that_go(admin_client, make_case, procedures):
    case = make_case(procedures=[procedures["smile"], procedures["brow"]])
    url = reverse("admin:gallery_case_delete", args=[case.pk])
    html = unescape(admin_client.get(url).content.decode())
    for procedure in ("Smile reanimation", "Brow lift"):
        assert f"Gallery case listing: “{procedure}” on “{case}”" in html
    assert "object (" not in html


def test_deleting_a_case_deletes_its_photos_and_files(make_case, settings, delete_in_admin):
    case = make_case(real_files=True, pairs=2)
    assert images.stored_files(settings)
    delete_in_admin(case)
    assert not Photo.objects.exists() and not PhotoPair.objects.exists()
    assert images.stored_files(settings) == []


def test_revocation_action_takes_the_case_off_the_site(admin_client, make_case):
    case = make_case(real_files=True)
    other = make_case(title="Untouched")
    image = case.pairs.get().after.thumbnail.url
    chosen = {"action": "revoke_consent", "_selected_action": [case.pk]}
    # First the cases are listed, and nothing is recorded until that is confirmed.
    asked = admin_client.post(CHANGELIST, chosen)
    html = asked.content.decode()
    assert asked.status_code == 200 and f"Patient {case.number}: A smile restored" in html
    assert "Untouched" not in html and 'name="confirmed" value="yes"' in html
    assert case.consents.get().revoked_on is None and Case.objects.get(pk=case.pk).is_published
    assert not LogEntry.objects.exists()
    office = PhotoConsent.objects.create(
        case=case, scope=PhotoConsent.Scope.OFFICE, signed_on=timezone.localdate()
    )
    response = admin_client.post(CHANGELIST, {**chosen, "confirmed": "yes"}, follow=True)
    assert "Recorded the revocation for 1 case (1 consent record" in response.content.decode()
    consent = case.consents.get(scope=PhotoConsent.Scope.WEBSITE)
    assert consent.revoked_on == timezone.localdate()
    # The consent to show the photos in the office stands: the patient withdrew the website's.
    office.refresh_from_db()
    assert office.revoked_on is None
    # The admin log keeps who recorded it, and when.
    logged = LogEntry.objects.get(object_id=str(case.pk))
    change = logged.get_change_message()
    assert change.startswith("Recorded the revocation of its website consent on")
    assert logged.user.username == "boss"
    client = Client()  # a visitor: admin_client is logged in, and staff may preview
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(image).status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 200


def test_photo_description_boxes_never_cut_a_long_paste(admin_client):
    """Descriptions have a limit the form checks; a maxlength would cut a paste silently."""
    html = admin_client.get(ADD).content.decode()
    boxes = re.findall(r"<textarea[^>]*>", html)
    assert any("before_alt" in box for box in boxes)
    assert not [box for box in boxes if "maxlength" in box]


@pytest.mark.parametrize("after_size", [(900, 600), (600, 900)], ids=["alike", "turned"])
def test_a_pair_whose_photos_differ_in_shape_is_saved_with_a_warning(
    admin_client, procedures, after_size
):
    """A landscape before and a portrait after: the slider showed a strip of one of them."""
    after = images.upload("after.png", images.png(size=after_size), content_type="image/png")
    response = admin_client.post(ADD, case_form(procedures, **{"pairs-0-after_upload": after}))
    assert response.status_code == 302
    pair = Case.objects.get().pairs.get()
    said = [str(m) for m in response.wsgi_request._messages]
    warning = (
        f"The before and after photos of “{pair.label}” differ in shape (900×600 and 600×900 "
        "pixels): the slider lays one over the other in one frame, so part of a photo is cut "
        "off there. For a fair comparison, upload both cropped alike."
    )
    assert (warning in said) is (after_size == (600, 900)), said
