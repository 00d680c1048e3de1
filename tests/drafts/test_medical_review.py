"""Medical pages not reviewed by a clinician for longer than MEDICAL_REVIEW_MONTHS are listed."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_site.drafts.admin_filters import months_ago

from .helpers import change_url

pytestmark = pytest.mark.django_db


def test_months_ago_keeps_the_day_or_the_last_day_of_a_shorter_month():
    from datetime import date

    assert months_ago(date(2026, 5, 15), 12) == date(2025, 5, 15)
    assert months_ago(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_ago(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert months_ago(date(2026, 1, 10), 13) == date(2024, 12, 10)


@pytest.mark.parametrize("model", ["procedure", "condition"])
def test_pages_past_the_review_period_are_listed_for_staff(
    admin_client, settings, make_procedure, make_condition, model
):
    settings.MEDICAL_REVIEW_MONTHS = 12
    today = timezone.localdate()
    make = make_procedure if model == "procedure" else make_condition
    overdue = make("Reviewed long ago", last_reviewed=months_ago(today, 12) - timedelta(days=1))
    due = make("Due soon", last_reviewed=months_ago(today, 12) + timedelta(days=10))
    current = make("Reviewed this week", last_reviewed=today - timedelta(days=3))
    url = reverse(f"admin:procedures_{model}_changelist")

    def listed(review):
        html = admin_client.get(url, {"review": review}).content.decode()
        return {p.title for p in (overdue, due, current) if p.title in html}

    assert listed("overdue") == {"Reviewed long ago"}
    assert listed("due") == {"Due soon"}
    assert listed("current") == {"Reviewed this week"}
    html = admin_client.get(url).content.decode()
    assert "Overdue (not reviewed for 12 months, or a sample)" in html
    form = unescape(admin_client.get(change_url(overdue)).content.decode())
    assert "Medical review overdue" in form
    assert "Medical review overdue" not in admin_client.get(change_url(current)).content.decode()


def test_the_period_is_a_setting(admin_client, settings, make_procedure):
    today = timezone.localdate()
    page = make_procedure("Checked eight months ago", last_reviewed=months_ago(today, 8))
    url = reverse("admin:procedures_procedure_changelist")
    assert page.title not in admin_client.get(url, {"review": "overdue"}).content.decode()
    settings.MEDICAL_REVIEW_MONTHS = 6
    assert page.title in admin_client.get(url, {"review": "overdue"}).content.decode()
