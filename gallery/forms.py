from django import forms
from django.db import transaction
from django.forms.models import BaseInlineFormSet

from procedures.admin_ui import OptionalFieldsMixin, WholeTextarea
from procedures.models import Procedure

from . import services
from .models import PhotoConsent, PhotoPair

UPLOAD_HELP = (
    "A JPEG, PNG or WebP photo, at most {mb} MB and {mp} megapixels, at least {min_side} pixels "
    "on each side and no more than {ratio} times as long as it is wide. Location, camera details "
    "and any other hidden information are removed, and the photo is turned upright. Only resized "
    "copies are kept, never the file you upload."
)


class CheckedUploadField(forms.FileField):
    """An optional file field whose cleaned value is what `check(upload)` makes of a new upload
    (it raises ValidationError to refuse one), or None if left empty."""

    widget = forms.FileInput
    accept = ""  # the file chooser's hint

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", self.default_help())
        super().__init__(**kwargs)

    def default_help(self):
        return ""

    def check(self, uploaded):
        raise NotImplementedError

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": self.accept}

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded or uploaded is initial:
            return None
        return self.checked(uploaded)

    def checked(self, uploaded):
        """`check(uploaded)`, worked out once per file and kind of field, so that the admin can
        do it before its save's transaction begins (UploadsCheckedFirstMixin)."""
        key = (type(self), getattr(self, "kind", None))
        done = uploaded.__dict__.setdefault("_checked", {})
        if key not in done:
            try:
                done[key] = (self.check(uploaded), None)
            except forms.ValidationError as error:
                done[key] = (None, error)
        result, error = done[key]
        if error is not None:
            raise error
        return result


class PhotoUploadField(CheckedUploadField):
    """A picture, cleaned into a `renditions.ProcessedImage`."""

    accept = "image/jpeg,image/png,image/webp"

    def __init__(self, kind=services.PHOTO, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def default_help(self):
        return UPLOAD_HELP.format(
            mb=services.max_upload_bytes() // 1_048_576,
            mp=services.max_pixels() // 1_000_000,
            min_side=self.kind.smallest_side,
            ratio=f"{self.kind.longest_ratio:g}",
        )

    def check(self, uploaded):
        return services.process_upload(uploaded, self.kind)


class PhotoPairAdminForm(OptionalFieldsMixin, forms.ModelForm):
    """A photo pair in the case admin: uploads run through the pipeline while validating, so any
    refusal appears next to the field and nothing is stored until the whole form is valid."""

    before_upload = PhotoUploadField(label="Before photo")
    after_upload = PhotoUploadField(label="After photo")
    # Left out of a post (an older form, a script), the view settings keep their defaults.
    optional_fields = ("compare_view", "slider_start")

    class Meta:
        model = PhotoPair
        widgets = {
            "before_alt": WholeTextarea(attrs={"rows": 2, "cols": 60}),
            "after_alt": WholeTextarea(attrs={"rows": 2, "cols": 60}),
        }
        fields = [
            "label",
            "before_upload",
            "before_alt",
            "after_upload",
            "after_alt",
            "compare_view",
            "slider_start",
            "order",
        ]

    def clean_compare_view(self):
        return self.cleaned_data["compare_view"] or PhotoPair.CompareView.AUTO

    def clean_slider_start(self):
        value = self.cleaned_data["slider_start"]
        return 50 if value is None else value

    def clean(self):
        cleaned = super().clean()
        for role in ("before", "after"):
            has_photo = getattr(self.instance, f"{role}_id", None) is not None
            if (
                not has_photo
                and not cleaned.get(f"{role}_upload")
                and f"{role}_upload" not in self.errors
            ):
                self.add_error(f"{role}_upload", f"Choose the {role} photo.")
        return cleaned

    def save(self, commit=True):
        pair = super().save(commit=False)
        replaced = []
        for role in ("before", "after"):
            processed = self.cleaned_data.get(f"{role}_upload")
            if processed:
                if getattr(pair, f"{role}_id", None):
                    replaced.append(getattr(pair, role))
                setattr(pair, role, services.save_photo(processed))
        if commit:
            with transaction.atomic():
                pair.save()
                services.delete_photos(replaced)
        return pair


KEPT_WITHDRAWAL = (
    "A recorded withdrawal is kept: it cannot be changed or deleted. If the patient consents "
    "again, add a new consent signed after this date. Recorded by mistake? An administrator "
    "(a superuser) can correct it."
)
CORRECTING_WITHDRAWAL = (
    "The patient withdrew consent on this day. Change or delete it only to correct a mistake: "
    "the page's history keeps who changed it and when."
)


class PhotoConsentAdminForm(forms.ModelForm):
    """A consent row. Once its withdrawal is recorded the row is a record of it: emptying the
    date, or changing what was signed, would put the photos back on the site. Only those who
    may correct a mistaken record (the formset says) can change it."""

    class Meta:
        model = PhotoConsent
        fields = ["scope", "signed_on", "expires_on", "revoked_on", "form_reference"]

    def __init__(self, *args, may_correct=False, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = bool(self.instance.pk and self.instance.revoked_on)
        self.locked = recorded and not may_correct
        if recorded and may_correct:
            self.fields["revoked_on"].help_text = CORRECTING_WITHDRAWAL
        if self.locked:
            for name in ("scope", "signed_on", "expires_on", "revoked_on"):
                self.fields[name].disabled = True
                if name != "scope":  # no "Today" and calendar links beside a locked date
                    self.fields[name].widget = forms.DateInput()
            self.fields["revoked_on"].help_text = KEPT_WITHDRAWAL


class PhotoConsentFormSet(BaseInlineFormSet):
    """Nor can a row with a recorded withdrawal be deleted, but by a superuser correcting a
    mistake: a consent signed before it would then count again."""

    may_correct = False  # set per request by the admin's inline

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "may_correct": self.may_correct}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields and form.locked:
            form.fields["DELETE"].disabled = True


class CaseFilterForm(forms.Form):
    """The gallery's filters. Choices list only groups and procedures that have public cases."""

    group = forms.ChoiceField(label="Type of treatment", required=False)
    procedure = forms.ChoiceField(label="Procedure", required=False)

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        for procedure in procedures:
            groups.setdefault(procedure.group, []).append(procedure)
        self.fields["group"].choices = [("", "All treatments")] + [
            (group.slug, group.title) for group in groups
        ]
        self.fields["procedure"].choices = [("", "All procedures")] + [
            (group.title, [(p.filter_key, p.title) for p in items])
            for group, items in groups.items()
        ]

    def filter(self, cases):
        """Apply whichever filters are valid; an unknown value is ignored rather than an error."""
        self.is_valid()
        group = self.cleaned_data.get("group")
        procedure = self.cleaned_data.get("procedure")
        if group:
            cases = cases.filter(procedures__group__slug=group)
        if procedure:
            # One filter() call: the group and the slug of the same procedure of the case.
            lookups = Procedure.objects.key_lookups(procedure).items()
            cases = cases.filter(**{f"procedures__{name}": value for name, value in lookups})
        return cases.distinct() if group or procedure else cases

    @property
    def active(self):
        return bool(self.is_bound and (self.data.get("group") or self.data.get("procedure")))
