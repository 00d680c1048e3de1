"""Staff tasks as staff do them, in Chromium against the production-settings server: today's
requests from the staff home, a case added with photos and consent, a text formatted and linked
with the keyboard; lists that fit the screen; axe-core on the home and the change form."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .conftest import DESKTOP, PHONE, Clicks, log_in_as_admin, manage_py

pytestmark = pytest.mark.browser

ADD_REQUESTS = """
import secrets
from datetime import timedelta
from django.utils import timezone
from consultations.models import ConsultationRequest

def add(first, last, age):
    received = timezone.now() - age
    request = ConsultationRequest.objects.create(
        reference="CR-" + secrets.token_hex(4).upper(), first_name=first, last_name=last,
        email="patient@example.test", phone="+16265550100", message="Please call me.",
        consent_text="I agree", consent_version="2026-11", consent_given_at=received,
        client_hash="b" * 64, notification_status="sent",
    )
    ConsultationRequest.objects.filter(pk=request.pk).update(created_at=received)

add("Rosa", "Todaytest", timedelta(0))
add("Ravi", "Todaytest", timedelta(0))
add("Omar", "Earliertest", timedelta(days=9))
"""


def jpeg(colour, size=(800, 1000)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def requests_in_inbox(live_deployment):
    """Rosa and Ravi today, Omar nine days ago, in the live site's inbox: added here, not left to
    another module's test, because each pytest-xdist worker has its own copy of the site and the
    demo brings no requests."""
    manage_py(live_deployment, "shell", "-c", ADD_REQUESTS)


def test_front_desk_finds_todays_requests_from_the_staff_home(
    page, live_site, requests_in_inbox, watch_page
):
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)  # signing in lands on the staff home
    expect(page.get_by_role("heading", name="Consultation requests")).to_be_visible()
    assert_accessible(page, watch=watch_page)

    today = page.get_by_role("link", name=re.compile(r"^\d+ received today$"))
    shown = int(today.inner_text().split()[0])
    assert shown >= 2
    clicks = Clicks()
    clicks(today)
    page.wait_for_url(re.compile(r"received=today"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(shown)
    results = page.locator("#result_list")
    expect(results).to_contain_text("Rosa Todaytest")
    expect(results).to_contain_text("Ravi Todaytest")
    assert "Earliertest" not in results.inner_text()
    assert clicks.count == 1  # from the staff home, where signing in lands
    assert watch_page.errors == []


def test_the_chart_reads_as_a_table_and_the_home_fits_a_phone(page, live_site, watch_page):
    page.set_viewport_size(PHONE)
    log_in_as_admin(page, live_site)
    chart = page.locator("figure.home-chart")
    expect(chart.get_by_role("img")).to_be_visible()
    table = chart.locator("table")
    expect(table).to_be_hidden()
    chart.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(12)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, watch=watch_page)
    assert watch_page.errors == []


def test_the_inbox_fits_a_phone(page, live_site, requests_in_inbox, watch_page):
    page.set_viewport_size(PHONE)
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/consultations/consultationrequest/?q=Todaytest")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    box = page.locator("#searchbar").bounding_box()
    button = page.get_by_role("button", name="Search", exact=True).bounding_box()
    # The label, the count and the help text take lines of their own, not the box's width.
    assert box["width"] >= PHONE["width"] / 2, box
    assert button["x"] + button["width"] <= PHONE["width"], button
    expect(page.locator("#changelist-search .quiet")).to_contain_text("2 results")
    # Each request is a card as wide as the screen: its status is on it, not off to the right.
    results = page.locator("#changelist .results")
    scroll, visible = results.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert scroll <= visible, f"the list is {scroll}px wide in {visible}px"
    for cell in page.locator("#result_list .field-status_badges").all():
        status = cell.bounding_box()
        assert status["x"] + status["width"] <= PHONE["width"], status
    assert_accessible(page, watch=watch_page)
    assert watch_page.errors == []


def test_change_lists_fit_a_1280_pixel_screen(page, live_site, requests_in_inbox, watch_page):
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)
    for path in (
        "/admin/consultations/consultationrequest/",
        "/admin/testimonials/testimonial/",
        "/admin/procedures/procedure/",
        "/admin/gallery/case/",
    ):
        page.goto(live_site + path)
        expect(page.locator("#result_list")).to_be_visible()
        results = page.locator("#changelist .results")
        scroll, visible = results.evaluate("r => [r.scrollWidth, r.clientWidth]")
        assert scroll <= visible, f"{path}: the table is {scroll}px wide in {visible}px"
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"], path
        # The procedures' "order" boxes are named after their row.
        assert_accessible(page, path, watch_page)
    assert watch_page.errors == []


def test_the_question_form_passes_axe_with_its_procedure_list(page, live_site, watch_page):
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/procedures/faq/add/")
    procedure = page.locator("#id_procedure")
    expect(procedure).to_be_visible()
    procedure.select_option(label="Brow lift")
    assert_accessible(page, watch=watch_page)
    assert watch_page.errors == []


def test_content_editor_adds_a_case_with_photos_and_consent(page, live_site, watch_page):
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)
    clicks = Clicks()
    clicks(page.locator("tr.model-case a.addlink"))
    page.wait_for_url(re.compile(r"/admin/gallery/case/add/$"))
    # The consent is asked for from the start: its row is there without "Add another".
    consent_date = page.locator("#id_consents-0-signed_on")
    expect(consent_date).to_be_visible()
    assert_accessible(page, watch=watch_page)

    page.fill("#id_title", "Smile back after a browser test")
    page.fill("#id_description", "The left corner of the mouth lifts again when smiling.")
    clicks.tick(page.get_by_label("Smile reanimation"))
    clicks.tick(page.get_by_label("Published"))
    yesterday = page.evaluate("new Date(Date.now() - 864e5).toISOString().slice(0, 10)")
    consent_date.fill(yesterday)
    page.fill("#id_pairs-0-label", "At rest")
    for side, colour, alt in (
        ("before", (150, 110, 90), "Before: the left corner of the mouth sits low."),
        ("after", (160, 120, 95), "After: both corners sit level."),
    ):
        clicks.choose_file(
            page.locator(f"#id_pairs-0-{side}_upload"),
            name=f"{side}.jpg",
            mimeType="image/jpeg",
            buffer=jpeg(colour),
        )
        page.fill(f"#id_pairs-0-{side}_alt", alt)
    clicks(page.get_by_role("button", name="Publish", exact=True))

    page.wait_for_url(re.compile(r"/admin/gallery/case/$"))
    success = page.locator("ul.messagelist li.success")
    expect(success).to_contain_text("visitors see it as it is now")
    assert page.locator("ul.messagelist li.warning").count() == 0
    row = page.locator("#result_list tbody tr", has_text="Smile back after a browser test")
    expect(row.locator(".status-badge")).to_have_text("On the website")
    # Add, the procedure, Published, two photos, Publish ("Add another consent" is gone).
    assert clicks.count == 6
    row.locator("a", has_text="Patient").click()
    page.get_by_role("link", name="View on site").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Smile back after a browser")
    assert watch_page.errors == []


def test_a_case_saved_without_consent_is_saved_with_a_warning(page, live_site, watch_page):
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/gallery/case/add/")
    page.fill("#id_title", "Waiting for the consent form")
    page.fill("#id_description", "Photos taken; the signed form is not back yet.")
    page.get_by_label("Brow lift").check()
    page.get_by_label("Published").check()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/gallery/case/$"))
    warning = page.locator("ul.messagelist li.warning")
    expect(warning).to_contain_text("visitors do not see it: no website consent is on record")
    assert page.locator("ul.messagelist li.success").count() == 0
    assert watch_page.errors == []


def test_text_is_formatted_and_linked_with_the_keyboard_and_previewed(page, live_site, watch_page):
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/practice_site/page/")
    page.get_by_role("link", name="Terms of use").click()
    box = page.locator("#id_body")
    toolbar = page.get_by_role("toolbar", name="Formatting: Text")
    expect(toolbar).to_be_visible()
    preview = page.locator(".md-preview__body")
    expect(preview.locator("p").first).to_be_visible()  # the stored text, rendered on arrival
    assert_accessible(page, watch=watch_page)

    box.focus()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+Alt+2")  # heading
    page.keyboard.type("Questions about these terms")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Call ")
    page.keyboard.press("Control+b")  # "**bold text**" with the words selected
    page.keyboard.type("our front desk")
    page.keyboard.press("End")
    page.keyboard.type(" or read about ")
    page.keyboard.press("Control+k")  # the page chooser

    dialog = page.get_by_role("dialog", name="Link to a page")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Find a page of this site")).to_be_focused()
    assert_accessible(page, watch=watch_page)
    page.keyboard.type("brow lift")
    page.keyboard.press("ArrowDown")
    pages = dialog.get_by_label("Page", exact=True)
    expect(pages).to_be_focused()
    expect(pages.locator("option")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(box).to_be_focused()

    # A list item through the toolbar: Shift+Tab reaches it, the arrow keys move along it.
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Bring your referral letter")
    page.keyboard.press("Shift+Tab")
    expect(toolbar.get_by_role("button", name="Heading")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="List")).to_be_focused()
    page.keyboard.press("Space")
    expect(box).to_be_focused()

    text = box.input_value()
    assert "\n\n## Questions about these terms\n\n" in text
    assert (
        "Call **our front desk** or read about [Brow lift](/procedures/cosmetic/brow-lift/)" in text
    )
    assert text.endswith("\n\n- Bring your referral letter")
    expect(preview.locator("h2", has_text="Questions about these terms")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("our front desk")
    expect(preview.locator('a[href="/procedures/cosmetic/brow-lift/"]')).to_have_text("Brow lift")
    expect(preview.locator("li", has_text="Bring your referral letter")).to_be_visible()

    # A link typed to a page that does not exist is reported in the preview.
    page.keyboard.press("Enter")
    page.keyboard.type("[the old price list](/prices-2019/)")
    problems = page.locator(".md-preview__problems")
    expect(problems).to_contain_text("/prices-2019/, but there is no page at this address")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Delete")
    expect(problems).to_be_empty()

    page.get_by_role("button", name="Publish", exact=True).first.click()
    page.wait_for_url(re.compile(r"/admin/practice_site/page/$"))
    assert page.locator("ul.messagelist li.warning").count() == 0
    page.goto(live_site + "/terms/")
    link = page.locator('main a[href="/procedures/cosmetic/brow-lift/"]')
    expect(link).to_have_text("Brow lift")
    link.click()
    page.wait_for_url(re.compile(r"/procedures/cosmetic/brow-lift/$"))
    assert watch_page.errors == []


def test_the_link_chooser_works_with_the_mouse_too_and_cancels_cleanly(page, live_site):
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/practice_site/page/")
    page.get_by_role("link", name="Privacy notice").click()
    box = page.locator("#id_body")
    before = box.input_value()
    box.focus()
    page.keyboard.press("Control+Home")
    toolbar = page.get_by_role("toolbar", name="Formatting: Text")
    toolbar.get_by_role("button", name="Link to a page").click()
    dialog = page.get_by_role("dialog", name="Link to a page")
    expect(dialog).to_be_visible()
    # Groups of pages staff know: procedures, conditions, questions, gallery, main pages.
    groups = dialog.locator("optgroup")
    expect(groups.first).to_be_attached()
    labels = groups.evaluate_all("gs => gs.map(g => g.label)")
    for group in ("Main pages", "Procedures", "Conditions", "Questions", "Gallery cases"):
        assert group in labels
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(box).to_be_focused()
    assert box.input_value() == before
    # Nothing chosen: "Insert link" says what to do instead of inserting nothing.
    toolbar.get_by_role("button", name="Link to a page").click()
    dialog.get_by_role("button", name="Insert link").click()
    expect(dialog.get_by_role("alert")).to_have_text(
        "Choose a page in the list, or type the address of another website."
    )
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert box.input_value() == before


def test_a_procedure_with_an_editor_per_section_passes_axe(page, live_site, watch_page):
    """Each section's text has its own toolbar and preview: none may repeat a landmark."""
    page.set_viewport_size(DESKTOP)
    log_in_as_admin(page, live_site)
    page.goto(live_site + "/admin/procedures/procedure/")
    page.get_by_role("link", name="Smile reanimation", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/\d+/change/$"))
    previews = page.locator(".md-preview")
    expect(previews.nth(2)).to_be_visible()  # the group's, and one per section at least
    assert_accessible(page, watch=watch_page)
    assert watch_page.errors == []
