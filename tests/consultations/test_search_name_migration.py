"""Migrations 0008, 0011 and 0012 fill the inbox's search column for requests stored before."""

import pytest

from .inbox import stored_by_old_code


def search_name_after(migrate_to, before, after, **name):
    """The search column of a request stored at migration `before`, once `after` has run."""
    old = migrate_to([("consultations", before)])
    stored_by_old_code(
        old.get_model("consultations", "ConsultationRequest"), reference="CR-OLD-0001", **name
    )
    new = migrate_to([("consultations", after)])
    return new.get_model("consultations", "ConsultationRequest").objects.get().search_name


def test_requests_stored_before_the_search_column_are_found_by_it(migrate_to):
    name = {"first_name": "José", "last_name": "Ramírez"}
    stored = search_name_after(migrate_to, "0007_phone_extension", "0008_search_name", **name)
    assert stored == "jose ramirez"


@pytest.mark.parametrize(
    ("before", "after", "stored", "folded"),
    [
        # 0011: typographic marks as a keyboard types them ("O’Neill" found by "O'Neill").
        (
            "0010_form_token_request",
            "0011_search_name_marks",
            "anne‐marie o’neill",
            "anne-marie o'neill",
        ),
        # 0012: no apostrophes or hyphens ("oneill", "anne marie").
        (
            "0011_search_name_marks",
            "0012_search_name_without_marks",
            "anne-marie o'neill",
            "annemarie oneill",
        ),
    ],
)
def test_names_stored_before_a_new_folding_are_found_by_it(
    migrate_to, before, after, stored, folded
):
    name = {"first_name": "Anne‐Marie", "last_name": "O’Neill", "search_name": stored}
    assert search_name_after(migrate_to, before, after, **name) == folded
