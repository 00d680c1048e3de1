"""The inbox's "Staff email not sent" badge and its filter name the same requests."""

import pytest

from consultations.models import ConsultationRequest

SENT, PENDING = ConsultationRequest.Notification.SENT, ConsultationRequest.Notification.PENDING


@pytest.mark.parametrize(
    ("status", "attempts", "failed"),
    [(PENDING, 0, False), (PENDING, 2, True), (SENT, 1, False), (SENT, 0, False)],
)
def test_badge_and_filter_agree(make_request, status, attempts, failed):
    request = make_request(notification_status=status, notification_attempts=attempts)
    assert request.notification_failed is failed
    listed = ConsultationRequest.objects.notification_failed().filter(pk=request.pk).exists()
    assert listed is failed
