"""Actions with side effects for the practice's own records."""

from django.db import transaction

from .models import PracticeProfile


@transaction.atomic
def adopt_first_location(location):
    """Make `location` the practice's main location if it has none yet (the first one added)."""
    profile = PracticeProfile.objects.filter(pk=1, main_location__isnull=True).first()
    if profile is not None:
        profile.main_location = location
        profile.save(update_fields=["main_location", "updated_at"])
