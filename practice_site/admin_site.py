from django.contrib import admin
from django.db.models.base import ModelBase

from .models import PracticeProfile
from .twofactor.policy import half_signed_in


class PracticeAdminSite(admin.AdminSite):
    """The staff admin, titled with the practice's name."""

    index_title = "Site content and consultation requests"

    def register(self, model_or_iterable, admin_class=None, **options):
        # Content pages get drafts, previews, schedules and history (practice_site/drafts/),
        # added here so that the content apps' own admin code needs nothing of practice_site.
        from .drafts.admin import draftable_admin
        from .drafts.registry import draftable

        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            chosen = admin_class or admin.ModelAdmin
            if draftable(model):
                chosen = draftable_admin(chosen)
            super().register(model, chosen, **options)

    def has_permission(self, request):
        # Behind SecondFactorMiddleware's redirect, so that no admin view (nor one added to the
        # site later) ever answers a session whose second factor is still owed.
        return super().has_permission(request) and not half_signed_in(request.user)

    def each_context(self, request):
        # Read per request (staff may rename the practice) and shared with the context processor,
        # so an admin page reads the profile once however many places show its name.
        name = PracticeProfile.for_request(request).practice_name
        title = f"{name} · staff" if name else "Practice website · staff"
        return {**super().each_context(request), "site_header": title, "site_title": title}
