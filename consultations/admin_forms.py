"""The request page's form and notes: the status and spam flag staff change, refused when a
colleague changed them meanwhile, and the notes below them."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet

from .models import ConsultationRequest, StaffNote


class ConsultationRequestAdminForm(forms.ModelForm):
    """Offers only the statuses that may follow the current one, and refuses a page opened
    before someone else changed the status or the spam flag (it would write the old ones back)."""

    OPENED = "_opened_as"  # posted by the change form (its template)

    class Meta:
        model = ConsultationRequest
        fields = ["status", "is_spam"]

    @staticmethod
    def handling(request):
        return f"{request.status}:{int(request.is_spam)}"

    def clean(self):
        opened = self.data.get(self.OPENED)
        if opened and self.instance.pk and opened != self.handling(self.instance):
            # The colleague's change is the whole story: no "Select a valid choice" beside it.
            self._errors.pop("status", None)
            raise forms.ValidationError(
                "Nothing was saved: someone changed this request after you opened it. "
                "%(changes)s. Their notes are listed below; choose again if your change is "
                "still needed.",
                params={"changes": self.changes_since(opened)},
                code="changed_meanwhile",
            )
        return super().clean()

    def changes_since(self, opened):
        """What differs from the page as opened ("new:1"), as a sentence."""
        status, _, spam = opened.partition(":")
        request = self.instance
        changes = []
        if status != request.status:
            changes.append(f"its status is now “{request.get_status_display()}”")
        if spam != str(int(request.is_spam)):
            changes.append(
                "it is now marked as suspected spam"
                if request.is_spam
                else "it is no longer marked as spam"
            )
        sentence = " and ".join(changes)
        return sentence[:1].upper() + sentence[1:]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            allowed = self.instance.allowed_statuses
            self.fields["status"].choices = [
                (value, label)
                for value, label in ConsultationRequest.Status.choices
                if value in allowed
            ]
            self.fields["status"].help_text = (
                "Only the steps that can follow the current status are offered. Each change is "
                "recorded in the notes below with your name."
            )


class StoredNotesFormSet(BaseInlineFormSet):
    """The notes stored now, whatever a post says. A page posts the notes it showed when it was
    opened: shown again after a refused save, it would hide a colleague's notes since."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            stored = list(self.get_queryset().values_list("pk", flat=True))
            self.data = {
                f"{self.prefix}-TOTAL_FORMS": str(len(stored)),
                f"{self.prefix}-INITIAL_FORMS": str(len(stored)),
                # Shown again as posted, as the page's script reads them: with no maximum, it
                # would offer "Add another" on a list nobody adds to.
                f"{self.prefix}-MIN_NUM_FORMS": str(self.min_num),
                f"{self.prefix}-MAX_NUM_FORMS": str(self.max_num),
                **{f"{self.prefix}-{i}-id": str(pk) for i, pk in enumerate(stored)},
            }


class StaffNoteInline(admin.TabularInline):
    """Notes already written: kept as they were, with author and time."""

    model = StaffNote
    formset = StoredNotesFormSet
    extra = 0
    can_delete = False
    fields = ["created_at", "written_by", "text"]
    readonly_fields = fields
    verbose_name_plural = "Staff notes"

    # The name alone: Django would link it to the user's account, a page only some roles open.
    @admin.display(description="author")
    def written_by(self, note):
        return note.author_name

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class NewStaffNoteInline(admin.TabularInline):
    """An empty box for a new note; the author and time are filled in on saving."""

    model = StaffNote
    extra = 1
    max_num = 1
    can_delete = False
    fields = ["text"]
    verbose_name = verbose_name_plural = "Add a note"
    formfield_overrides = {
        # A note is a line or two: what was agreed on the phone, when to call back.
        # Its width is the stylesheet's (admin-staff.css), to fit a phone's screen too.
        # Named for screen readers: a table's inline has no label but its column heading.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "aria-label": "New note"})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)
