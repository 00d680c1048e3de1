from django import forms

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "autocapitalize": "none",
    "spellcheck": "false",
    "class": "twofactor-code",
}


class CodeForm(forms.Form):
    """One code, typed or pasted. Spaces and dashes are ignored (services.normalise_code)."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The six-digit code your app shows now, or one of your backup codes.",
        widget=forms.TextInput(attrs={**CODE_ATTRS, "autofocus": True}),
    )


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label="Six-digit code from the app",
        max_length=20,
        help_text="After adding the account, type the code the app shows for it.",
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
    )
