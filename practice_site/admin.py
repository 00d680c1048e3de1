from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse

from .models import Page, PracticeProfile


@admin.register(PracticeProfile)
class PracticeProfileAdmin(admin.ModelAdmin):
    """The single practice profile: staff can edit it, never add a second one or delete it."""

    # A link typed without a scheme ("youtube.com/...") is read as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        ("Practice", {"fields": ["practice_name", "tagline", "phone", "email"]}),
        (
            "Address and hours",
            {"fields": ["street_address", "locality", "region", "postal_code", "opening_hours"]},
        ),
        (
            "Surgeon",
            {
                "fields": [
                    "surgeon_name",
                    "surgeon_credentials",
                    "surgeon_role",
                    "short_bio",
                    "video_url",
                    "video_title",
                ]
            },
        ),
        ("Demonstration", {"fields": ["is_demo"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PracticeProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # There is only ever one profile: go straight to it (or to "add" on a new site).
        profile = PracticeProfile.objects.first()
        if profile:
            return redirect(
                reverse("admin:practice_site_practiceprofile_change", args=[profile.pk])
            )
        return redirect(reverse("admin:practice_site_practiceprofile_add"))


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at"]
    fields = ["key", "title", "meta_description", "body", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The key ties a text to its page; changing it would orphan the page.
        return [*self.readonly_fields, "key"] if obj else self.readonly_fields
