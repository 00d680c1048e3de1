import re
import unicodedata

import phonenumbers
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.html import format_html, strip_tags

from procedures.model_fields import row_id
from procedures.models import Procedure

from . import spam
from .models import NOT_SURE, PHONE_EXTENSION, TYPED_MARKS, ConsultationRequest, parse_phone

# Bump the version whenever the wording below changes: each request stores the text and version
# the patient actually agreed to.
CONSENT_VERSION = "2026-11"
CONSENT_HTML = (
    'I have read the <a href="{}">terms of use</a> and the <a href="{}">privacy notice</a>. '
    "I agree that the practice may keep what I have sent in this form and use it to contact me "
    "about my request."
)

# Besides letters: the combining marks of Indic, Hebrew and Arabic scripts ("निधि", "מֹשֶׁה"),
# and the zero-width (non-)joiners Persian and Indic names are spelt with.
# The comma of "Smith, Jr."; the brackets of a name people use ("Anne-Marie (Annie)"); the
# hyphens, dash and apostrophes that word processors and phone keyboards put in for "-" and "'".
NAME_PUNCTUATION = set(" '.,()-\u200c\u200d") | TYPED_MARKS.keys()
MESSAGE_MAX = 3000
TRAILING_LABEL = re.compile(r"\D+$")
MAX_EXTENSION_DIGITS = 10  # with an E.164 number (16) and PHONE_EXTENSION, within the column (32)


# Characters that take no room: direction marks, zero-width space, soft hyphen, byte-order mark,
# word joiner (Unicode's "format" category). A name pasted from a contact card or from right-to-left
# text can carry them: kept, they made the name "not letters" with nothing visible to correct, and
# an email address that no reply reaches.
def without_invisible(value, keep=""):
    return "".join(c for c in value if c in keep or unicodedata.category(c) != "Cf")


# The full stops of Chinese and Japanese keyboards, which some type in an address's domain (and
# their at sign, ＠, before it).
FULL_STOPS = str.maketrans("\u3002\uff0e\uff61", "...")


def is_name(value):
    """Letters (with their combining marks) and name punctuation, with at least one letter."""
    allowed = all(
        c.isalpha() or c in NAME_PUNCTUATION or unicodedata.category(c).startswith("M")
        for c in value
    )
    return allowed and any(c.isalpha() for c in value)


def consent_label():
    return format_html(CONSENT_HTML, reverse("pages:terms"), reverse("pages:privacy"))


def consent_text():
    """The consent wording as plain text, exactly as shown, for storing with the request."""
    return strip_tags(CONSENT_HTML.format("", ""))


def _length_messages(what, limit):
    return {
        "max_length": f"{what} can be at most {limit:,} characters long (this one has %(length)s).",
        "grown": f"{what} can be at most {limit:,} characters long. As we store it, some of its "
        "letters take two or three characters each, which makes it %(length)s: "
        "please shorten it.",
    }


def length_params(limit_value, show_value, **_):
    # `length` as the limit is written in the messages: "3,001", not "3001".
    return {"limit_value": limit_value, "show_value": show_value, "length": f"{show_value:,}"}


class StoredLengthMixin:
    """Normalises in to_python, so that max_length is checked on the value as it is stored.

    Normalising can make a value longer than it was typed (NFC, lower case): checked before, it
    could pass the form and then overflow its column.
    """

    default_error_messages = {
        "grown": "This can be at most %(limit_value)d characters long as we store it "
        "(this one has %(show_value)d): please shorten it.",
    }

    def normalise(self, value):
        return value

    def widget_attrs(self, widget):
        # No maxlength on the box: a browser silently cuts a longer paste, losing its end (an
        # extension's last digit, a message's last lines). The error says how long the text is,
        # and the whole text stays in the box to shorten.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value):
        typed = super().to_python(value)
        stored = self.normalise(typed) if typed else typed
        if self.max_length is not None and len(typed) <= self.max_length < len(stored):
            raise forms.ValidationError(
                self.error_messages["grown"],
                code="max_length",
                params=length_params(self.max_length, len(stored)),
            )
        return stored

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            for each in error.error_list:
                if each.code == "max_length":
                    each.params = {**each.params, **length_params(**each.params)}
            raise


class NameField(StoredLengthMixin, forms.CharField):
    """A person's name: letters in any alphabet, with spaces, hyphens, apostrophes and dots."""

    def __init__(self, *, what, **kwargs):
        super().__init__(
            max_length=80,
            error_messages={
                "required": f"Enter your {what}.",
                **_length_messages(f"Your {what}", 80),
            },
            **kwargs,
        )
        self.what = what

    def normalise(self, value):
        # Persian and Indic names are spelt with the zero-width (non-)joiners.
        value = without_invisible(value, keep="\u200c\u200d")
        return " ".join(unicodedata.normalize("NFC", value).split())

    def validate(self, value):
        super().validate(value)
        if value and not is_name(value):
            raise forms.ValidationError(
                f"Enter your {self.what} using letters; spaces, hyphens, apostrophes and "
                "brackets are fine.",
                code="invalid",
            )


class PhoneField(StoredLengthMixin, forms.CharField):
    """A phone number as typed: clean_phone reads it and gives the form it is stored in."""


PHONE_TYPED_LENGTH = 64


class EmailAddressField(StoredLengthMixin, forms.EmailField):
    """An email address with its domain in lower case (the mailbox part is left as typed)."""

    def normalise(self, value):
        value = without_invisible(value).strip().replace("\uff20", "@")
        local, at, domain = value.rpartition("@")
        if at:  # a sentence's full stop after the address is not part of its domain
            domain = domain.translate(FULL_STOPS).rstrip(".")
        return f"{local}{at}{domain.lower()}"

    def validate(self, value):
        super().validate(value)
        # Django accepts "name@localhost", which no reply could reach.
        if value and "." not in value.rpartition("@")[2]:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


# Direction embeddings, overrides and isolates can make the text staff read differ from the text
# sent ("Trojan source"); the marks right-to-left text needs (U+200E, U+200F) are kept.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


class MessageField(StoredLengthMixin, forms.CharField):
    """Free text with line breaks stored as one character, as the browser counted them."""

    def normalise(self, value):
        return value.replace("\r\n", "\n").replace("\r", "\n").translate(BIDI_CONTROLS)


def _preference(name, label, invalid, widget=forms.Select):
    """An optional choice among the request field `name`'s choices, starting at its default."""
    field = ConsultationRequest._meta.get_field(name)
    return forms.ChoiceField(
        label=label,
        choices=field.choices,
        initial=field.default,
        required=False,
        widget=widget,
        error_messages={"invalid_choice": invalid},
    )


class ConsultationForm(forms.Form):
    """The consultation request form. Field order is the order of the page and the error list."""

    first_name = NameField(
        what="first name",
        # dir="auto": a name in Arabic or Hebrew reads right to left as it is typed.
        widget=forms.TextInput(
            attrs={"autocomplete": "given-name", "spellcheck": "false", "dir": "auto"}
        ),
    )
    last_name = NameField(
        what="last name",
        widget=forms.TextInput(
            attrs={"autocomplete": "family-name", "spellcheck": "false", "dir": "auto"}
        ),
    )
    email = EmailAddressField(
        label="Email address",
        max_length=254,
        # Not everyone has one (a parent, an older patient): a phone number reaches them.
        required=False,
        help_text="If you have one: we only use it to reply about your request. Needed if you "
        "would like our reply by email.",
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com.",
            **_length_messages("An email address", 254),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # As typed, a number with an extension can be long ("+1 (626) 765-6885, extension 2045");
    # stored (clean_phone), it fits the column's 32 characters.
    phone = PhoneField(
        label="Phone number",
        max_length=PHONE_TYPED_LENGTH,
        help_text="For a number outside the US, start with + and the country code.",
        error_messages={
            "required": "Enter a phone number, so that we can call you back.",
            **_length_messages("A phone number", PHONE_TYPED_LENGTH),
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    contact_method = _preference(
        "contact_method",
        "How would you prefer us to contact you?",
        "Choose phone call, email or text message.",
        widget=forms.RadioSelect,
    )
    best_time = _preference(
        "best_time", "When is the best time to reach you?", "Choose a time of day from the list."
    )
    patient = _preference(
        "patient",
        "Who is the consultation for?",
        "Choose myself, my child or someone else.",
        widget=forms.RadioSelect,
    )
    procedure = forms.ChoiceField(
        # The list holds procedures only: a condition ("Bell's palsy") is told in the message.
        label="Procedure you are interested in",
        required=False,
        help_text="Choose “Not sure yet” if you would like the surgeon’s advice, and tell us "
        "about your condition below.",
        error_messages={"invalid_choice": "Choose a procedure from the list, or “Not sure yet”."},
    )
    message = MessageField(
        label="What would you like help with?",
        max_length=MESSAGE_MAX,
        help_text="For example: what happened, how long ago, and what you would like to change. "
        "If it is for your child or someone else, tell us their first name and age. "
        f"Up to {MESSAGE_MAX:,} characters. This form is not for emergencies: "
        "if you need urgent care, call 911.",
        error_messages={
            "required": "Tell us briefly what you would like help with.",
            "max_length": f"Please shorten your message to {MESSAGE_MAX:,} characters "
            "(it has %(length)s). You can tell us more when we talk.",
        },
        widget=forms.Textarea(attrs={"rows": 7, "dir": "auto"}),
    )
    heard_about = forms.ChoiceField(
        label="How did you hear about us?",
        choices=[("", "Choose one, if you like"), *ConsultationRequest.HeardAbout.choices],
        required=False,
        error_messages={"invalid_choice": "Choose an answer from the list, or leave it empty."},
    )
    consent = forms.BooleanField(
        error_messages={
            "required": "Tick the box to agree, so that we can keep your request and reply to it."
        },
    )
    # The honeypot: hidden from everyone by the stylesheet (display: none, so screen readers and
    # the Tab key skip it too). People never fill it in; form-filling programs often do.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_label()
        # A patient abroad (the phone field invites them) cannot tell whose morning is meant.
        city = settings.TIME_ZONE.rsplit("/", 1)[-1].replace("_", " ")
        self.fields["best_time"].help_text = f"In {city} time, where the practice is."
        # Each group's first procedures and the one asked for (a procedure page's button sends its
        # own; a bound form, the one chosen), so the list stays short however many procedures the
        # practice offers: anyone else can choose "Not sure yet" and say more in the message.
        asked = {str(self.initial.get("procedure", ""))}
        if self.is_bound:
            asked.add(str(self.data.get(self.add_prefix("procedure"), "")))
        asked = [pk for pk in map(row_id, asked) if pk is not None]
        offered = Procedure.objects.published().first_in_each_group(pk__in=asked)
        procedures = list(offered.select_related("group"))
        self._procedures = {str(p.pk): p for p in procedures}
        grouped = {}
        for procedure in procedures:
            grouped.setdefault(procedure.group.title, []).append(
                (str(procedure.pk), procedure.title)
            )
        self.fields["procedure"].choices = [("", NOT_SURE), *grouped.items()]
        if str(self.initial.get("procedure", "")) not in self._procedures:
            self.initial["procedure"] = ""  # a stale or made-up ?procedure= preselects nothing
        if not self.is_bound and not self.initial.get("form_started"):
            self.initial["form_started"] = spam.make_token()
        self.helper = self._helper()

    @staticmethod
    def _helper():
        helper = FormHelper()
        helper.template_pack = "crispy_practice"  # our markup: templates/crispy_practice/
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Fieldset(
                "About you",
                Div("first_name", "last_name", css_class="form-pair"),
                "email",
                "phone",
            ),
            Fieldset("How to reach you", "contact_method", "best_time"),
            Fieldset("Your request", "patient", "procedure", "message", "heard_about"),
            Field("consent", wrapper_class="consent"),
            Field("website", wrapper_class="consultation-form__trap"),
            "form_started",
        )
        return helper

    def stored_text(self):
        """The text columns this form fills, with the values they will receive."""
        data = self.cleaned_data
        stored = {name: value for name, value in data.items() if isinstance(value, str)}
        if data.get("procedure"):
            stored["procedure_title"] = data["procedure"].title
        return stored

    def clean(self):
        email_wanted = (
            self.cleaned_data.get("contact_method") == ConsultationRequest.ContactMethod.EMAIL
        )
        if email_wanted and not self.cleaned_data.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                forms.ValidationError(
                    "Enter your email address, or choose a phone call or a text message below.",
                    code="required",
                ),
            )
        phone = self.cleaned_data.get("phone") or ""
        texting = self.cleaned_data.get("contact_method") == ConsultationRequest.ContactMethod.TEXT
        if texting and PHONE_EXTENSION in phone:  # a text cannot reach an extension
            self.add_error(
                "contact_method",
                forms.ValidationError(
                    "A text message cannot reach a phone extension. Choose a phone call, or "
                    "give a mobile number above.",
                    code="text_to_extension",
                ),
            )
        # The fields check their own limits; this holds every value to its column whatever
        # cleaning did to it, so nothing that passes the form can overflow the database.
        for column, value in self.stored_text().items():
            try:
                limit = ConsultationRequest._meta.get_field(column).max_length
            except FieldDoesNotExist:
                continue  # the honeypot and the timing token are not stored as such
            if limit is not None and len(value) > limit:
                name = "procedure" if column == "procedure_title" else column
                self.add_error(
                    name,
                    forms.ValidationError(
                        f"{self[name].label} is too long for our records: it can have at most "
                        f"{limit:,} characters as we store it, and this one has {len(value):,}.",
                        code="max_length",
                    ),
                )
        return self.cleaned_data

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        message = (
            "Enter a phone number we can call, like (626) 555-0142, or with the country "
            "code for a number outside the US, like +44 20 7946 0958."
        )
        # "0044 …" is how much of the world writes "+44 …"; the US's own "011 …" needs nothing.
        typed = raw.strip()
        if typed.startswith("00"):
            typed = "+" + typed[2:]
        # A label after the number ("626-555-0142 (cell)") is read as its end, if what is before
        # it is a number; one in front ("Cell: …") the library skips itself.
        number = parse_phone(typed) or parse_phone(TRAILING_LABEL.sub("", typed))
        if number is None:
            raise forms.ValidationError(message, code="invalid")
        # E.164 has no room for an extension ("x204"), and staff need it to get past a
        # switchboard: it is kept as RFC 3966 writes it, which tel: links and the admin read.
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        extension = phonenumbers.normalize_digits_only(number.extension or "")
        if len(extension) > MAX_EXTENSION_DIGITS:
            raise forms.ValidationError(
                f"An extension can have at most {MAX_EXTENSION_DIGITS} digits. Check the number, "
                "or put the extension in your message.",
                code="extension",
            )
        return f"{e164}{PHONE_EXTENSION}{extension}" if extension else e164

    def clean_procedure(self):
        value = self.cleaned_data["procedure"]
        return self._procedures.get(value) if value else None

    def spam_reason(self):
        """Why this (valid) form looks automated, or "" when it looks like a person sent it."""
        if self.cleaned_data.get("website"):
            return ConsultationRequest.SpamReason.HONEYPOT
        return spam.token_problem(self.cleaned_data.get("form_started"))

    def error_summary(self):
        """(element id, message) pairs for the summary at the top, in the order of the page."""
        items = [("", error) for error in self.non_field_errors()]
        for bound in self:
            if not bound.errors:
                continue
            target = bound.auto_id
            if isinstance(bound.field.widget, forms.RadioSelect):
                target = f"{bound.auto_id}_0"
            items.extend((target, error) for error in bound.errors)
        return items
