"""The admin's sections and lists in the practice's words, for the apps we did not write.

Each class is the library's own AppConfig with a plain `verbose_name`; INSTALLED_APPS names these
instead of the libraries. Where a library's model names read like code ("Task Results") or name
a mechanism rather than what staff see ("Access attempts"), `model_names` renames them for display.
Only `_meta`'s display names change, not the options migrations record (`original_attrs`), so
no migration of a library ever changes.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.auth.apps import AuthConfig
from django.contrib.redirects.apps import RedirectsConfig
from django.contrib.sites.apps import SitesConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig
from django_tasks_db.apps import TasksAppConfig


class RenamedModels:
    """A library's AppConfig whose models get `{object name: (singular, plural)}` display names."""

    model_names = {}

    def ready(self):
        super().ready()
        for model in self.get_models():
            if model.__name__ in self.model_names:
                meta = model._meta
                meta.verbose_name, meta.verbose_name_plural = self.model_names[model.__name__]


class StaffAccountsConfig(AuthConfig):
    # Users and groups keep their names: the pages and README refer to them ("Users, then your
    # name"); the groups are the roles of practice_site/roles.py.
    verbose_name = "Staff accounts"


class SignInProtectionConfig(RenamedModels, AxesAppConfig):
    verbose_name = "Sign-in protection"
    model_names = {
        "AccessAttempt": ("lockout", "lockouts and repeated failures"),
        "AccessFailureLog": ("failed sign-in", "failed sign-ins"),
        "AccessLog": ("sign-in", "sign-ins"),
        "AccessAttemptExpiration": ("lockout expiry", "lockout expiries"),
    }


class OldAddressesConfig(RenamedModels, RedirectsConfig):
    verbose_name = "Old addresses"
    model_names = {"Redirect": ("old address", "old addresses")}


class WebsiteAddressConfig(RenamedModels, SitesConfig):
    verbose_name = "Website address"
    model_names = {"Site": ("website address", "website address")}


class BackgroundTasksConfig(RenamedModels, TasksAppConfig):
    verbose_name = "Background tasks"
    model_names = {"DBTaskResult": ("background task", "background tasks")}


class TwoStepSignInConfig(AppConfig):
    name = "django_otp"
    verbose_name = "Two-step sign-in"


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = "Authenticator apps"


class BackupCodesConfig(StaticConfig):
    verbose_name = "Backup sign-in codes"
