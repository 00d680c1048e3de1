"""Migration 0013 dates the spam stored before it, for purge_consultations to count from."""

from datetime import datetime, timedelta

from django.utils import timezone

from .inbox import stored_by_old_code

ARRIVED = timezone.make_aware(datetime(2026, 1, 5, 9, 0))


def test_spam_is_dated_from_the_note_that_marked_it_or_else_from_its_arrival(migrate_to):
    old = migrate_to([("consultations", "0012_search_name_without_marks")])
    Request = old.get_model("consultations", "ConsultationRequest")
    StaffNote = old.get_model("consultations", "StaffNote")
    for reference, is_spam in (("CR-MARKED", True), ("CR-CAUGHT", True), ("CR-GENUINE", False)):
        stored_by_old_code(Request, reference=reference, is_spam=is_spam)
    Request.objects.update(created_at=ARRIVED)
    marked = Request.objects.get(reference="CR-MARKED")
    for days, text in ((10, "Marked as suspected spam."), (20, "Called, no answer.")):
        note = StaffNote.objects.create(request=marked, text=text)
        StaffNote.objects.filter(pk=note.pk).update(created_at=ARRIVED + timedelta(days=days))

    new = migrate_to([("consultations", "0013_spam_since")])

    since = dict(
        new.get_model("consultations", "ConsultationRequest").objects.values_list(
            "reference", "spam_since"
        )
    )
    assert since == {
        "CR-MARKED": ARRIVED + timedelta(days=10),
        "CR-CAUGHT": ARRIVED,
        "CR-GENUINE": None,
    }
