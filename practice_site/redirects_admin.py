"""Admin for the old site's addresses: one redirect at a time, or a whole CSV file."""

from django import forms
from django.contrib import admin
from django.contrib.redirects.admin import RedirectAdmin as DjangoRedirectAdmin
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from .redirects import AddressProblem, check_addresses, import_redirects
from .roles import OFF_SITE_REDIRECTS, OFF_SITE_REDIRECTS_PERMISSION


class RedirectForm(forms.ModelForm):
    """A redirect's target is a path on this site, unless the user may send visitors elsewhere."""

    may_leave_site = False  # set per request by RedirectAdmin.get_form

    class Meta:
        model = Redirect
        fields = ["site", "old_path", "new_path"]

    def clean(self):
        cleaned = super().clean()
        if "old_path" not in cleaned or "new_path" not in cleaned:
            return cleaned
        try:
            old, new = check_addresses(
                cleaned["old_path"], cleaned["new_path"], self.may_leave_site
            )
        except AddressProblem as problem:
            reason = str(problem)
            if problem.code == "off_site":  # the form can name the permission exactly
                reason = (
                    "Enter a page of this site, starting with a single “/”, for example "
                    "/procedures/. Sending visitors to another website needs the permission "
                    f"“{OFF_SITE_REDIRECTS[2]}”; ask an administrator"
                )
            self.add_error(f"{problem.which}_path", f"{reason[0].upper()}{reason[1:]}.")
            return cleaned
        # Stored as a path, as the import stores it: a full address of the old site never
        # matches a request, which names the path alone.
        cleaned["old_path"], cleaned["new_path"] = old, new
        return cleaned


admin.site.unregister(Redirect)


class RedirectImportForm(forms.Form):
    file = forms.FileField(
        label="Address list (CSV)",
        help_text="Two columns: the old address (a path such as /facial-paralysis-surgery/, or "
        "the old site's full address), then the new one on this site (e.g. /procedures/). A "
        "first row of column titles is skipped. Leave the new address empty for a page that "
        "is gone for good. Existing redirects from the same old address are updated.",
    )


@admin.register(Redirect)
class RedirectAdmin(DjangoRedirectAdmin):
    form = RedirectForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a new class on every call
        form.may_leave_site = request.user.has_perm(OFF_SITE_REDIRECTS_PERMISSION)
        return form

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="redirects_redirect_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self._can_import(request)}
        return super().changelist_view(request, extra_context)

    def _can_import(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def import_view(self, request):
        """Upload the old site's address list; every row is added, updated or refused."""
        if not self._can_import(request):
            raise PermissionDenied
        report = None
        form = RedirectImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = import_redirects(
                form.cleaned_data["file"].read(),
                get_current_site(request),
                may_leave_site=request.user.has_perm(OFF_SITE_REDIRECTS_PERMISSION),
            )
            # In each redirect's history, as if added or changed one by one.
            for _, found in report.added:
                self.log_addition(request, found, [{"added": {}}])
            for _, found, _previous in report.updated:
                self.log_change(request, found, [{"changed": {"fields": ["new_path"]}}])
        context = {
            **self.admin_site.each_context(request),
            "title": "Import old addresses",
            "opts": self.model._meta,
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/redirects/redirect/import.html", context)
