"""What the gallery's case add form posts, for tests that fill it in without a browser."""


def case_fields(procedures, **overrides):
    """The add form's fields for a published case with one website consent and one photo pair,
    less the two photo files. `procedures`: a procedure's pk or a list of them."""
    return {
        "title": "Smile restored",
        "description": "What changed.",
        "procedures": procedures,
        "age_range": "",
        "sex": "",
        "time_since_surgery": "",
        "alteration_details": "",
        "is_published": "on",
        "order": "0",
        "consents-TOTAL_FORMS": "1",
        "consents-INITIAL_FORMS": "0",
        "consents-MIN_NUM_FORMS": "0",
        "consents-MAX_NUM_FORMS": "1000",
        "consents-0-scope": "website",
        "consents-0-signed_on": "2024-05-02",
        "consents-0-expires_on": "",
        "consents-0-revoked_on": "",
        "consents-0-form_reference": "",
        "pairs-TOTAL_FORMS": "1",
        "pairs-INITIAL_FORMS": "0",
        "pairs-MIN_NUM_FORMS": "0",
        "pairs-MAX_NUM_FORMS": "1000",
        "pairs-0-label": "At rest",
        "pairs-0-order": "0",
        "pairs-0-before_alt": "Before: the mouth corner sits low.",
        "pairs-0-after_alt": "After: the mouth corner sits level.",
        **overrides,
    }
