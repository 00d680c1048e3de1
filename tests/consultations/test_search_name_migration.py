"""Migration 0008 fills the inbox's search column for the requests stored before it."""

from django.utils import timezone


def test_requests_stored_before_the_search_column_are_found_by_it(migrate_to):
    old = migrate_to([("consultations", "0007_phone_extension")])
    old.get_model("consultations", "ConsultationRequest").objects.create(
        reference="CR-OLD-0001",
        first_name="José",
        last_name="Ramírez",
        phone="+16265550100",
        message="Help",
        consent_text="I agree",
        consent_version="2026-11",
        consent_given_at=timezone.now(),
        client_hash="x" * 64,
    )
    new = migrate_to([("consultations", "0008_search_name")])
    stored = new.get_model("consultations", "ConsultationRequest").objects.get()
    assert stored.search_name == "jose ramirez"


def test_names_stored_with_typographic_marks_are_found_as_typed_on_a_keyboard(migrate_to):
    old = migrate_to([("consultations", "0010_form_token_request")])
    old.get_model("consultations", "ConsultationRequest").objects.create(
        reference="CR-OLD-0002",
        first_name="Anne‐Marie",
        last_name="O’Neill",
        search_name="anne‐marie o’neill",  # as 0008 folded it
        phone="+16265550100",
        message="Help",
        consent_text="I agree",
        consent_version="2026-11",
        consent_given_at=timezone.now(),
        client_hash="x" * 64,
    )
    new = migrate_to([("consultations", "0011_search_name_marks")])
    stored = new.get_model("consultations", "ConsultationRequest").objects.get()
    assert stored.search_name == "anne-marie o'neill"
