"""Drafts, preview, scheduling and history as staff use them, in a real browser against the
production-settings server (its page cache on), checked by axe-core.

Each test counts the clicks a member of staff makes (`Clicks`), for the notes on issue 12.
"""

import re

import pytest
from playwright.sync_api import expect

from bench import server as bench_server

from .accessibility import assert_accessible
from .conftest import Clicks, check_admin_pages, log_in_as_admin, manage_py

pytestmark = pytest.mark.browser

CROSS_FACIAL = "/procedures/nerve-surgery/cross-facial-nerve-graft/"
BROW_LIFT = "/procedures/cosmetic/brow-lift/"
EYELID = "/procedures/cosmetic/eyelid-surgery/"


def public_html(live_site, path):
    """The page as a visitor gets it (no cookies: through the page cache), and its status."""
    status, _, body = bench_server.get(live_site + path, timeout=20)
    return status, body.decode()


def open_procedure(page, live_site, clicks, title):
    page.goto(live_site + "/admin/procedures/procedure/")
    clicks(page.get_by_role("link", name=title, exact=True))
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/\d+/change/$"))


def section_body(page, heading):
    """The body text area of the section whose heading is `heading`."""
    for index in range(page.locator("textarea[name$='-body'][name^='sections-']").count()):
        if page.input_value(f"#id_sections-{index}-heading") == heading:
            return page.locator(f"#id_sections-{index}-body")
    pytest.fail(f"no section {heading!r}")


def test_change_preview_and_publish_a_live_procedure(page, live_site, watch_page):
    log_in_as_admin(page, live_site)
    clicks = Clicks()
    status, before = public_html(live_site, CROSS_FACIAL)
    assert status == 200 and "at about a millimeter a day" in before

    open_procedure(page, live_site, clicks, "Cross-facial nerve graft")
    recovery = section_body(page, "Recovery")
    clicks(recovery)
    new_text = recovery.input_value().replace(
        "at about a millimeter a day", "at about one millimeter each day"
    )
    recovery.fill(new_text)

    with page.context.expect_page() as opened:
        clicks(page.locator("button[name=_preview]").first)
    preview = opened.value
    preview.wait_for_load_state()
    frame = preview.frame_locator("iframe.drafts-preview__frame")
    expect(frame.locator("h1")).to_have_text("Cross-facial nerve graft")
    expect(frame.get_by_text("at about one millimeter each day")).to_be_visible()
    # The editor picks the width, with the keyboard too.
    iframe = preview.locator("iframe.drafts-preview__frame")
    assert iframe.bounding_box()["width"] > 1000
    preview.locator("#width-desktop").focus()
    preview.keyboard.press("ArrowLeft")
    expect(preview.locator("#width-phone")).to_be_checked()
    expect(iframe).to_have_css("width", "390px")
    assert_accessible(preview, "preview", watch_page)

    # While previewing, the site still shows the old text, and answers 200.
    status, during = public_html(live_site, CROSS_FACIAL)
    assert status == 200
    assert "at about a millimeter a day" in during
    assert "one millimeter each day" not in during
    preview.close()

    clicks(page.locator("input[name=_save][value=Publish]").first)
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/(\?.*)?$"))
    expect(page.locator(".messagelist")).to_contain_text("Published “Cross-facial nerve graft”")
    status, after = public_html(live_site, CROSS_FACIAL)
    assert status == 200 and "at about one millimeter each day" in after
    assert clicks.count == 4  # the procedure, the text, Preview, Publish
    assert watch_page.errors == []


def test_save_a_draft_then_schedule_it(page, live_site, live_deployment, watch_page):
    log_in_as_admin(page, live_site)
    clicks = Clicks()
    open_procedure(page, live_site, clicks, "Brow lift")
    summary = page.locator("#id_summary")
    clicks(summary)
    summary.fill("A brow lift raises a brow that sits low after facial palsy. Rewritten.")
    clicks(page.locator("input[name=_save_draft]").first)
    expect(page.locator(".drafts-status")).to_contain_text("Unpublished changes")
    assert_accessible(page, "change form with a draft", watch_page)
    status, html = public_html(live_site, BROW_LIFT)
    assert status == 200 and "Rewritten." not in html

    clicks(page.locator("input[name=_schedule]").first)
    page.wait_for_url(re.compile(r"/schedule/$"))
    assert_accessible(page, "schedule", watch_page)
    go_live = page.get_by_label("Publish the draft on")
    clicks(go_live)
    go_live.fill("2099-12-31T09:30")
    clicks(page.get_by_role("button", name="Save the schedule"))
    expect(page.locator(".messagelist")).to_contain_text(
        "the draft goes live on Thursday December 31, 2099 at 09:30"
    )
    expect(page.locator(".drafts-status")).to_contain_text(
        "The draft goes live on Thursday Dec. 31, 2099"
    )
    assert clicks.count == 6

    # The time comes: nobody is at the keyboard; the task worker runs the task queued for it.
    manage_py(
        live_deployment,
        "shell",
        "-c",
        "from django.utils import timezone; "
        "from django_tasks_db.models import DBTaskResult; "
        "from practice_site.drafts.models import Draft; "
        "Draft.objects.update(publish_at=timezone.now()); "
        "DBTaskResult.objects.filter(task_path__startswith='practice_site.drafts')"
        ".update(run_after=timezone.now())",
    )
    manage_py(live_deployment, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    status, html = public_html(live_site, BROW_LIFT)
    assert status == 200 and "Rewritten." in html
    page.reload()
    expect(page.locator(".drafts-status")).not_to_contain_text("Unpublished changes")
    assert watch_page.errors == []


def test_restore_an_old_version_with_its_sections(page, live_site, watch_page):
    log_in_as_admin(page, live_site)
    # First someone deletes a section and publishes.
    open_procedure(page, live_site, Clicks(), "Eyelid surgery")
    heading = page.locator("input[name^='sections-'][name$='-heading']").first
    removed = heading.input_value()
    index = heading.get_attribute("name").split("-")[1]
    page.locator(f"input[name='sections-{index}-DELETE']").check()
    page.locator("input[name=_save][value=Publish]").first.click()
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/(\?.*)?$"))
    status, html = public_html(live_site, EYELID)
    assert status == 200 and f'class="anchored-heading">{removed}<' not in html

    # Then staff bring the old version back.
    clicks = Clicks()
    open_procedure(page, live_site, clicks, "Eyelid surgery")
    clicks(page.get_by_role("link", name="History"))
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/\d+/history/$"))
    versions = page.get_by_role("link", name=re.compile("Compare with now"))
    expect(versions).to_have_count(2)  # as it was before the first Publish, and that one
    assert_accessible(page, "history", watch_page)
    clicks(versions.last)
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/\d+/history/\d+/$"))
    expect(page.locator("#content-main")).to_contain_text(f"Section “{removed}”: only in")
    assert_accessible(page, "comparison", watch_page)
    clicks(page.get_by_role("button", name="Restore this version as a draft"))
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/\d+/change/$"))
    expect(page.locator(".messagelist")).to_contain_text("Nothing on the site has changed")
    assert '"' not in removed
    restored = page.locator(f'input[name^="sections-"][name$="-heading"][value="{removed}"]')
    expect(restored).to_have_count(1)
    status, html = public_html(live_site, EYELID)
    assert status == 200 and f'class="anchored-heading">{removed}<' not in html  # not yet
    clicks(page.locator("input[name=_save][value=Publish]").first)
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/(\?.*)?$"))
    status, html = public_html(live_site, EYELID)
    assert status == 200 and f'class="anchored-heading">{removed}<' in html
    assert clicks.count == 5  # the procedure, History, Compare, Restore, Publish
    assert watch_page.errors == []


def test_draft_admin_pages_are_accessible(page, live_site, watch_page):
    paths = (
        "/admin/procedures/procedure/add/",
        "/admin/procedures/condition/1/change/",
        "/admin/practice_site/page/1/change/",
        "/admin/testimonials/testimonial/1/change/",
    )
    check_admin_pages(page, live_site, watch_page, paths)


def test_leaving_a_form_with_unsaved_changes_asks_first(page, live_site, watch_page):
    """A link followed from an edited form lost the edit without a word."""
    log_in_as_admin(page, live_site)
    open_procedure(page, live_site, Clicks(), "Brow lift")
    form_url = page.url
    page.fill("#id_summary", "A summary typed and not yet saved.")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "Stay on page"

    page.once("dialog", stay)
    page.get_by_role("link", name="History").click()
    expect(page.locator("#id_summary")).to_have_value("A summary typed and not yet saved.")
    assert asked == ["beforeunload"] and page.url == form_url

    # Saving is leaving on purpose: no question.
    page.on("dialog", lambda dialog: asked.append(dialog.type) or dialog.dismiss())
    page.locator("input[name=_save_draft]").first.click()
    page.wait_for_url(re.compile(r"/admin/procedures/procedure/(\d+/change/)?(\?.*)?$"))
    expect(page.locator(".messagelist")).to_be_visible()
    assert asked == ["beforeunload"]
    # Unchanged, a link leaves at once.
    page.get_by_role("link", name="Home").first.click()
    page.wait_for_url(live_site + "/admin/")
    assert asked == ["beforeunload"] and watch_page.errors == []


def test_a_save_after_the_sign_in_ended_offers_back_what_was_typed(page, live_site, watch_page):
    """Signed out in another tab (or the session cleared), a save landed on the sign-in page and
    the typed text was gone."""
    log_in_as_admin(page, live_site)
    signed_in = page.context.cookies()
    open_procedure(page, live_site, Clicks(), "Facelift")
    form_url = page.url
    typed = "A summary typed while the sign-in ended elsewhere."
    page.fill("#id_summary", typed)
    page.context.clear_cookies(name="__Host-sessionid")  # the session is gone: signed out
    page.locator("input[name=_save_draft]").first.click()
    page.wait_for_url(re.compile(r"/admin/login/\?next="))
    expect(page.locator(".messagelist").first).to_contain_text("what you were saving was not")
    expect(page.locator(".unsaved-kept")).to_contain_text("after you sign in, the page you were")

    page.context.add_cookies(signed_in)  # signed in again (a real sign-in: test_second_factor)
    page.goto(form_url)
    offer = page.locator(".unsaved-kept")
    expect(offer).to_contain_text("This tab kept what you typed")
    assert page.input_value("#id_summary") != typed
    assert_accessible(page, "the offer", watch_page)
    offer.get_by_role("button", name="Put back what I typed").click()
    expect(page.locator("#id_summary")).to_have_value(typed)
    expect(offer).to_contain_text("save it to keep it")
    # Offered once: the copy is gone from the tab.
    page.once("dialog", lambda dialog: dialog.accept())  # leaving the restored edit
    page.reload()
    expect(page.locator("#id_summary")).not_to_have_value(typed)
    expect(page.locator(".unsaved-kept")).to_have_count(0)

    # Signed out again, and this time the copy is discarded: focus stays in the form.
    page.fill("#id_summary", typed)
    page.context.clear_cookies(name="__Host-sessionid")
    page.locator("input[name=_save_draft]").first.click()
    page.wait_for_url(re.compile(r"/admin/login/\?next="))
    page.context.add_cookies(signed_in)
    page.goto(form_url)
    page.get_by_role("button", name="Discard it").click()
    expect(page.locator(".unsaved-kept")).to_have_count(0)
    assert page.evaluate("document.activeElement.closest('form') !== null")
    expect(page.locator("#id_summary")).not_to_have_value(typed)
    assert watch_page.errors == []
