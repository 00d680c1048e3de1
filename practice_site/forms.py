"""Admin forms of the practice's records. Uploads (providers, the practice's logo, a location's
map) are checked while the form validates, so a refused file shows its reason next to the field
and nothing is stored until the whole form is valid."""

import re

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from gallery import services as gallery_services
from gallery.forms import CheckedUploadField, PhotoUploadField
from procedures.admin_ui import WholeTextarea

from . import services, video
from .models import (
    Credential,
    Location,
    OpeningHours,
    PracticeProfile,
    Provider,
    ProviderVideo,
)

_PICTURE_HELP = (
    "A JPEG, PNG or WebP image, at most {mb} MB, at least {min_side} pixels on each side and no "
    "more than {ratio} times as wide as it is tall. {what} Hidden information in the file is "
    "removed; only resized copies are kept."
)


def _picture_upload(kind, label, what):
    help_text = _PICTURE_HELP.format(
        mb=gallery_services.max_upload_bytes() // 1_048_576,
        min_side=kind.smallest_side,
        ratio=f"{kind.longest_ratio:g}",
        what=what,
    )
    return PhotoUploadField(kind=kind, label=label, help_text=help_text)


def _remove_box(label, help_text):
    return forms.BooleanField(label=label, required=False, help_text=help_text)


def _textarea(rows):
    return WholeTextarea(attrs={"rows": rows, "cols": 80})


class PictureFormMixin:
    """One picture of the record (`picture_field`): an upload and a box to remove it, and the
    picture's description (`picture_alt_field`, if it has one), required while it has a picture.

    The admin calls `save_picture(obj)` once the record is saved; the old picture and its files
    go when the new one is stored (services.set_picture)."""

    picture_field = None
    picture_alt_field = None

    def _picture_wanted(self, cleaned):
        stored = getattr(self.instance, f"{self.picture_field}_id")
        return bool(
            cleaned.get(f"{self.picture_field}_upload")
            or (stored and not cleaned.get(f"remove_{self.picture_field}"))
        )

    def _picture_removed(self):
        cleaned = self.cleaned_data
        return cleaned.get(f"remove_{self.picture_field}") and not cleaned.get(
            f"{self.picture_field}_upload"
        )

    def clean(self):
        cleaned = super().clean()
        alt = self.picture_alt_field
        if alt and self._picture_wanted(cleaned) and not (cleaned.get(alt) or "").strip():
            self.add_error(alt, f"Describe the {self.picture_field} for people who cannot see it.")
        return cleaned

    def kept_old_description(self):
        """Whether a new picture replaced the stored one under the description written for the
        old one (the admin points it out: not refused, since it may still fit)."""
        replaced = self._stored_picture_id and self.cleaned_data.get(f"{self.picture_field}_upload")
        return bool(self.picture_alt_field and replaced) and (
            self.picture_alt_field not in self.changed_data
        )

    def _post_clean(self):
        # The model's own checks run on the picture the record will have; save_picture() still
        # deletes the stored one.
        self._stored_picture_id = getattr(self.instance, f"{self.picture_field}_id")
        if self._picture_removed():
            setattr(self.instance, f"{self.picture_field}_id", None)
        super()._post_clean()

    def save_picture(self, obj):
        processed = self.cleaned_data.get(f"{self.picture_field}_upload")
        if processed:
            services.set_picture(obj, self.picture_field, processed)
        elif self._picture_removed() and self._stored_picture_id is not None:
            setattr(obj, f"{self.picture_field}_id", self._stored_picture_id)
            services.set_picture(obj, self.picture_field, None)


class PracticeProfileAdminForm(PictureFormMixin, forms.ModelForm):
    picture_field = "logo"
    logo_upload = _picture_upload(
        services.LOGO,
        "Logo",
        "Shown 48 pixels tall beside the practice name, so upload it at least 96 pixels tall for "
        "sharp phone screens. On small phones it stands alone, so a logo that includes the "
        "practice's name reads best. Until there is one, the practice's initials stand in.",
    )
    remove_logo = _remove_box(
        "Remove the logo", "The practice's initials in a circle are shown instead."
    )

    class Meta:
        model = PracticeProfile
        # The admin's fieldsets choose what is shown; these are the fields the form may set.
        fields = [
            "practice_name",
            "short_name",
            "tagline",
            "phone",
            "email",
            "main_location",
            "areas_served",
            "is_demo",
        ]


def main_location_refusal(location_pk, doing):
    """Why staff cannot `doing` ("delete it", "take it off the site") to the location
    `location_pk` while it is the practice's main one, or None if it is not."""
    profile = location_pk and PracticeProfile.objects.filter(main_location=location_pk).first()
    if not profile:  # a location not saved yet is no one's main location
        return None
    return format_html(
        "This is the practice's main location: its address is on every page. To {}, first "
        'choose another main location in the <a href="{}">practice profile</a>.',
        doing,
        reverse("admin:practice_site_practiceprofile_change", args=[profile.pk]),
    )


class LocationAdminForm(PictureFormMixin, forms.ModelForm):
    picture_field = "map"
    picture_alt_field = "map_alt"
    map_upload = _picture_upload(
        services.MAP,
        "Map image",
        "A map of the streets around the building, with the entrance marked, as an image you "
        "have the right to use (for example one you drew, or an export from OpenStreetMap with "
        "its credit on it). It is served by this site: visitors load nothing from a map website.",
    )
    remove_map = _remove_box("Remove the map", "The contact page then shows no map.")

    class Meta:
        model = Location
        fields = [
            "name",
            "street_address",
            "suite",
            "locality",
            "region",
            "postal_code",
            "country",
            "latitude",
            "longitude",
            "phone",
            "fax",
            "map_alt",
            "parking",
            "transit",
            "hours_note",
            "is_published",
            "order",
            "is_demo",
        ]

    def clean_country(self):
        # "us" or " US" is what was meant: stored as the two capitals search engines read.
        return self.cleaned_data["country"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        postal_code = cleaned.get("postal_code", "").strip()
        if cleaned.get("country") == "US" and not re.fullmatch(r"\d{5}(-\d{4})?", postal_code):
            self.add_error(
                "postal_code",
                "A US ZIP code has five digits, e.g. 91101, or five, a hyphen and four, e.g. "
                "91101-1234.",
            )
        return cleaned

    def clean_is_published(self):
        # The main location is in every page's footer and the search engines' data: hidden
        # from the contact page alone, the rest would point at a map and hours no longer shown.
        shown = self.cleaned_data["is_published"]
        refusal = None if shown else main_location_refusal(self.instance.pk, "take it off the site")
        if refusal:
            raise forms.ValidationError(refusal)
        return shown


class ClockTimeField(forms.TimeField):
    """A time as staff type it: "17:00", "5 pm", "5:30pm", "9 a.m." (the site shows "5 pm")."""

    input_formats = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I %p"]
    widget = forms.TimeInput(format="%H:%M", attrs={"size": 8})
    default_error_messages = {"invalid": "Enter a time such as 9:00, 17:30 or 5:30 pm."}

    def to_python(self, value):
        if isinstance(value, str):
            # "9 a.m." and "10am" as "9 am" and "10 am": one spelling for the formats above.
            value = re.sub(r"\s*([ap])\.?\s*m\.?\s*$", r" \1m", value.strip(), flags=re.I)
        return super().to_python(value)


class OpeningHoursForm(forms.ModelForm):
    opens = ClockTimeField(required=False, help_text="e.g. 9:00 or 9 am")
    closes = ClockTimeField(required=False, help_text="e.g. 17:00 or 5 pm")

    class Meta:
        model = OpeningHours
        fields = ["day", "opens", "closes", "closed"]

    def _post_clean(self):
        unreadable = {"opens", "closes"} & set(self.errors)
        super()._post_clean()
        # A time that could not be read is blank to the model, which then also asks for "both
        # times": one message, the one that says what to type.
        for name in unreadable:
            del self._errors[name][1:]


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    def clean(self):
        # Said with the day's name, before Django's "Please correct the duplicate data for day".
        seen = {}
        for form in self.forms:
            day = getattr(form, "cleaned_data", {}).get("day")
            if day is None or self._should_delete_form(form):
                continue
            if day in seen:
                # Said on the row whose day was just changed, not on the one left alone.
                first = seen[day]
                left_alone = "day" not in form.changed_data
                wrong = first if "day" in first.changed_data and left_alone else form
                wrong.add_error(
                    "day",
                    f"{OpeningHours.Day(day).label} is listed twice: each day has one row. Choose "
                    "the day this row is for, or tick Delete on it.",
                )
            seen.setdefault(day, form)
        if not any(self.errors):
            super().clean()


class ProviderAdminForm(PictureFormMixin, forms.ModelForm):
    picture_field = "portrait"
    picture_alt_field = "portrait_alt"
    portrait_upload = PhotoUploadField(label="Portrait photo")
    remove_portrait = _remove_box("Remove the portrait", "The page then shows no photo.")

    class Meta:
        model = Provider
        fields = [
            "given_name",
            "family_name",
            "post_nominals",
            "slug",
            "specialty",
            "medical_specialty",
            "portrait_upload",
            "remove_portrait",
            "portrait_alt",
            "short_bio",
            "long_bio",
            "languages",
            "is_published",
            "order",
            "is_demo",
        ]
        widgets = {"short_bio": _textarea(3), "long_bio": _textarea(16)}


class VideoUploadField(CheckedUploadField):
    """A film, cleaned into a `video.CleanVideo`."""

    accept = "video/mp4,.mp4,.m4v"

    def default_help(self):
        return (
            f"An MP4 file with H.264 picture, at most {video.max_video_bytes() // 1_048_576} MB "
            "(about two minutes at 720p). Location, device and date information is removed. The "
            "site plays it itself: visitors never load anything from a video website."
        )

    def check(self, uploaded):
        return video.clean_video(uploaded)


class CaptionsField(CheckedUploadField):
    """Captions, cleaned into WebVTT text."""

    accept = ".vtt,.srt,text/vtt"

    def default_help(self):
        return (
            "Captions let visitors who cannot hear follow what is said: a WebVTT (.vtt) or "
            "SubRip (.srt) file, as captioning services and most editing apps export. Needed "
            "when the video has sound."
        )

    def check(self, uploaded):
        return video.clean_captions(uploaded)


class ProviderVideoForm(forms.ModelForm):
    upload = VideoUploadField(label="Video file")
    poster_upload = PhotoUploadField(
        label="Poster picture",
        help_text="The still picture shown until a visitor presses play, ideally a frame of the "
        "film, landscape. JPEG, PNG or WebP; hidden information is removed.",
    )
    captions_upload = CaptionsField(label="Captions file")
    remove_captions = forms.BooleanField(label="Remove the captions", required=False)

    class Meta:
        model = ProviderVideo
        fields = [
            "upload",
            "poster_upload",
            "title",
            "description",
            "captions_upload",
            "remove_captions",
            "transcript",
        ]
        widgets = {"description": _textarea(3), "transcript": _textarea(8)}

    def clean(self):
        cleaned = super().clean()
        clean_video = cleaned.get("upload")
        if not self.instance.file and not clean_video and "upload" not in self.errors:
            self.add_error("upload", "Choose the video file.")
        if not (
            self.instance.poster_id
            or cleaned.get("poster_upload")
            or self.has_error("poster_upload")
        ):
            self.add_error("poster_upload", "Choose a poster picture to show before playing.")
        has_sound = clean_video.has_sound if clean_video else self.instance.has_sound
        # Captions written for an older film are dropped with it (services.save_video).
        keeps_captions = (
            bool(self.instance.captions) and not clean_video and not cleaned.get("remove_captions")
        )
        has_captions = cleaned.get("captions_upload") or keeps_captions
        if has_sound and not has_captions and not self.has_error("captions_upload"):
            self.add_error(
                "captions_upload",
                "This video has sound: add a captions file so that visitors who cannot "
                "hear can follow it (required for accessibility).",
            )
        return cleaned

    def save(self, commit=True):
        obj = super().save(commit=False)
        if commit:
            self.save_files(obj)
        return obj

    def save_files(self, obj):
        return services.save_video(
            obj,
            clean=self.cleaned_data.get("upload"),
            poster=self.cleaned_data.get("poster_upload"),
            captions=self.cleaned_data.get("captions_upload"),
            remove_captions=self.cleaned_data.get("remove_captions"),
        )


# What "title" and "detail" mean for each kind of credential, as the admin labels them.
CREDENTIAL_LABELS = {
    Credential.Kind.BOARD: ("Specialty", "Certifying board"),
    Credential.Kind.EDUCATION: ("Degree", "School"),
    Credential.Kind.RESIDENCY: ("Specialty", "Hospital or program"),
    Credential.Kind.FELLOWSHIP: ("Specialty", "Hospital or program"),
    Credential.Kind.HOSPITAL: ("Hospital", "Role (optional)"),
    Credential.Kind.UNIVERSITY: ("University", "Role (optional)"),
    Credential.Kind.MEMBERSHIP: ("Organization", "Role (optional)"),
    Credential.Kind.PUBLICATION: ("Title", "Journal, conference or publisher"),
}


def credential_form(kind):
    """A credential form for one kind: its labels, and the kind set on every new row."""
    title_label, detail_label = CREDENTIAL_LABELS[kind]

    class CredentialForm(forms.ModelForm):
        # A link typed without a scheme ("pubmed.gov/...") is read as https, as Django 6 will.
        url = forms.URLField(label="Link", max_length=500, required=False, assume_scheme="https")

        class Meta:
            model = Credential
            fields = ["title", "detail", "year", "url", "order"]
            labels = {"title": title_label, "detail": detail_label}
            widgets = {
                "title": forms.TextInput(attrs={"size": 40}),
                "detail": forms.TextInput(attrs={"size": 32}),
                "year": forms.TextInput(attrs={"size": 10}),
                "order": forms.NumberInput(attrs={"size": 4}),
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.instance.kind = kind  # before validation, so the model's clean() knows it

    CredentialForm.__name__ = f"{kind.capitalize()}CredentialForm"
    return CredentialForm
