"""Telephone and fax numbers that staff type in the admin.

A number is stored as staff wrote it ("(626) 765-6885": that is how patients read it) and must
be one that can be dialled: the site turns it into E.164 for every `tel:` link, so a number that
cannot be read would silently remove every call button. Numbers without a country code are read
as numbers of the practice's country (PHONE_REGION, US).
"""

import phonenumbers
from django.core.exceptions import ValidationError

PHONE_REGION = "US"

_EXAMPLES = "for example (626) 765-6885, or with its country code, +44 20 7946 0958"
_REASONS = {
    phonenumbers.ValidationResult.TOO_SHORT: "it has too few digits",
    phonenumbers.ValidationResult.TOO_LONG: "it has too many digits",
    phonenumbers.ValidationResult.INVALID_LENGTH: "it has the wrong number of digits",
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "its country code does not exist",
}


def parse(value):
    """The parsed number, or None if `value` is not a number that can be dialled."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def to_e164(value):
    """ "+16267656885" for `tel:` links and structured data, or "" when it cannot be dialled."""
    number = parse(value or "")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""


def to_tel(value):
    """The `tel:` address: E.164, then a pause and the extension, if any ("+16267656885,2"), so
    that a call button reaches the practice, not a switchboard. Phones dial a comma as a pause;
    RFC 3966's ";ext=2" is a "wait" to many of them, and the extension is then left undialled."""
    number = parse(value or "")
    if number is None:
        return ""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164},{number.extension}" if number.extension else e164


def validate_phone(value):
    """Refuse a number that cannot be dialled, saying why and how to write it."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            "“%(value)s” is not a telephone number. Write it as patients dial it, "
            + _EXAMPLES
            + ".",
            code="not_a_number",
            params={"value": value},
        ) from None
    if phonenumbers.is_valid_number(number):
        return
    reason = _REASONS.get(phonenumbers.is_possible_number_with_reason(number))
    if reason is None:
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        reason = f"{national} is not a number in use (check the area code)"
    raise ValidationError(
        "“%(value)s” cannot be dialled: %(reason)s. Check it against the number patients call, "
        + _EXAMPLES
        + ".",
        code="not_dialable",
        params={"value": value, "reason": reason},
    )
