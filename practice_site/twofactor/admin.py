"""The user admin learns about second factors (who is enrolled, a recorded reset), leaves powers
to superusers, and keeps the accounts that did work, with their history."""

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.models import StaffNote

from . import services

User = get_user_model()

# django-otp's own device admins would show backup codes in clear and let anyone with those
# permissions create an authenticator for someone else. Enrolment happens only on the person's
# own pages; the only thing administrators do to a factor is the recorded reset below.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

RESET_MESSAGE = "Reset the second factor: the authenticator and backup codes were removed."


def _powers(user):
    """What `user` may do ("app_label.codename"s; None for all), active or not: a disabled
    account's permissions come back when it is enabled."""
    if user.is_superuser:
        return None
    held = Permission.objects.filter(Q(user=user) | Q(group__user=user))
    return {
        f"{app}.{code}" for app, code in held.values_list("content_type__app_label", "codename")
    }


def _what_they_did(users):
    """A line per kind of work of each of `users` that deleting them would erase or orphan."""
    about_themselves = Q(  # their own password change, a reset of their second factor
        content_type=ContentType.objects.get_for_model(User),
        object_id=Cast("user_id", CharField()),
    )
    changes = LogEntry.objects.filter(user__in=users).exclude(about_themselves)
    notes = StaffNote.objects.filter(author__in=users)
    found = [
        (username, f"{count} change(s) in the history of the site's pages and records")
        for username, count in _count_by(changes, "user__username")
    ] + [
        (username, f"{count} note(s) on consultation requests")
        for username, count in _count_by(notes, "author__username")
    ]
    return [
        f"“{username}”: {work}. Untick “Active” on the account instead: that closes it and "
        "keeps them."
        for username, work in sorted(found)
    ]


def _count_by(queryset, field):
    return queryset.values_list(field).annotate(count=Count("pk")).order_by(field)


class SecondFactorUserAdmin(UserAdmin):
    change_form_template = "admin/auth/user/twofactor_change_form.html"
    list_display = [*UserAdmin.list_display, "second_factor"]

    # No one but a superuser hands out powers: someone allowed to manage accounts could otherwise
    # make themselves superuser, join "Front desk" and read patients' requests, or set the
    # password of an account that can.
    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [*fields, "is_superuser", "groups", "user_permissions"]

    def _may_manage(self, request, obj):
        if obj is None or request.user.is_superuser:
            return True
        theirs = _powers(obj)
        return theirs is not None and theirs <= request.user.get_all_permissions()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)

    def get_deleted_objects(self, objs, request):
        """An account that has done anything is not deleted: Django's admin log would lose its
        entries (who changed each page, consent and record) and its notes on requests would lose
        their author. The delete page (and the list's delete action) then names them as
        protected and refuses, as for any protected object; unticking "Active" closes the
        account and keeps them."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, [*protected, *_what_they_did(objs)]

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_second_factor=Exists(enrolled))

    @admin.display(description="Second factor", boolean=True, ordering="has_second_factor")
    def second_factor(self, obj):
        return obj.has_second_factor

    def get_urls(self):
        reset = path(
            "<path:object_id>/reset-second-factor/",
            self.admin_site.admin_view(self.reset_second_factor_view),
            name="auth_user_reset_second_factor",
        )
        return [reset, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if user is not None:
            extra_context["second_factor"] = {
                "enrolled": services.authenticator(user),
                "backup_codes": services.backup_code_count(user),
                "can_reset": request.user.is_superuser,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def reset_second_factor_view(self, request, object_id):
        """Superusers only: a staff member lost their phone (or codes). Asks first, then records
        the reset in the user's history; the person enrols again at their next page."""
        if not request.user.is_superuser:
            raise PermissionDenied
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        change_url = reverse("admin:auth_user_change", args=[user.pk])
        if request.method == "POST":
            services.reset(user)
            self.log_change(request, user, RESET_MESSAGE)
            messages.success(
                request,
                f"The second factor of {user.get_username()} was reset. They set up a new "
                "authenticator the next time they sign in.",
            )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": "Reset second factor",
            "opts": self.opts,
            "original": user,
            "change_url": change_url,
            "enrolled": services.authenticator(user),
            "backup_codes": services.backup_code_count(user),
        }
        return TemplateResponse(request, "admin/auth/user/reset_second_factor.html", context)


admin.site.unregister(User)
admin.site.register(User, SecondFactorUserAdmin)


class SuperuserGroupAdmin(GroupAdmin):
    """A role is a set of permissions: only a superuser changes one. Someone granted "change
    group" could otherwise add reading patients' requests to the group they are in."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(Group)
admin.site.register(Group, SuperuserGroupAdmin)
