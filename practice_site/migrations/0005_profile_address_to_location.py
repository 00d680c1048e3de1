"""The profile's free-text address and hours become the practice's main Location.

The old hours were free text ("Monday to Friday: 8:30 am to 5 pm"); they cannot be read into
days and times safely, so they are kept word for word as the location's notes under the hours,
for staff to re-enter as structured hours.
"""

from django.db import migrations

ADDRESS_FIELDS = ("street_address", "locality", "region", "postal_code")


def address_to_location(apps, schema_editor):
    PracticeProfile = apps.get_model("practice_site", "PracticeProfile")
    Location = apps.get_model("practice_site", "Location")
    profile = PracticeProfile.objects.filter(pk=1).first()
    if profile is None or profile.main_location_id:
        return
    values = {field: getattr(profile, field).strip() for field in ADDRESS_FIELDS}
    hours = profile.opening_hours.strip()
    if not any(values.values()) and not hours:
        return
    locality = values["locality"]
    location = Location.objects.create(
        name=f"{locality} office" if locality else "Main office",
        country="US",
        hours_note=hours,
        **values,
    )
    profile.main_location = location
    profile.save(update_fields=["main_location"])


def location_to_address(apps, schema_editor):
    PracticeProfile = apps.get_model("practice_site", "PracticeProfile")
    OpeningHours = apps.get_model("practice_site", "OpeningHours")
    profile = PracticeProfile.objects.filter(pk=1).select_related("main_location").first()
    if profile is None or profile.main_location is None:
        return
    location = profile.main_location
    for field in ADDRESS_FIELDS:
        setattr(profile, field, getattr(location, field))
    if location.suite:
        profile.street_address = f"{location.street_address}, {location.suite}"
    days = dict(enumerate(("Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split(), 1))
    lines = [
        f"{days[h.day]}: closed" if h.closed else f"{days[h.day]}: {h.opens:%H:%M}–{h.closes:%H:%M}"
        for h in OpeningHours.objects.filter(location=location).order_by("day")
    ]
    profile.opening_hours = "\n".join([*lines, location.hours_note]).strip()
    profile.save()


class Migration(migrations.Migration):
    dependencies = [("practice_site", "0004_locations")]

    operations = [migrations.RunPython(address_to_location, location_to_address)]
