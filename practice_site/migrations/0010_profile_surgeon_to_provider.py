"""The surgeon described on the practice profile becomes the first Provider.

Self-contained (no import of the app's code), so it runs the same however the models change.
"Dr. Jane Roe" with credentials "MD" becomes given name "Jane", family name "Roe" and letters
"MD": the title is written by one rule from then on. A video link, which the site can no longer
embed, is kept as a link in the provider's publications and talks, where staff can edit it.
"""

import re

from django.db import migrations
from django.utils.text import slugify

HONORIFIC = re.compile(r"^(dr|doctor)\b\.?\s*", re.IGNORECASE)


def _letters(value):
    return re.sub(r"[.\s]", "", value).upper()


def split_name(name, credentials):
    """(given name, family name, letters after the name) from the profile's two fields."""
    name = HONORIFIC.sub("", name.strip())
    name, _, trailing = name.partition(",")
    parts = []
    for part in [*credentials.split(","), *trailing.split(",")]:
        part = part.strip()
        if part and _letters(part) not in {_letters(p) for p in parts}:
            parts.append(part)
    words = name.split()
    family = words[-1] if words else ""
    given = " ".join(words[:-1])
    return given, family, ", ".join(parts)


def forwards(apps, schema_editor):
    PracticeProfile = apps.get_model("practice_site", "PracticeProfile")
    Provider = apps.get_model("practice_site", "Provider")
    Credential = apps.get_model("practice_site", "Credential")
    profile = PracticeProfile.objects.filter(pk=1).first()
    if profile is None or not profile.surgeon_name.strip() or Provider.objects.exists():
        return
    given, family, post_nominals = split_name(profile.surgeon_name, profile.surgeon_credentials)
    provider = Provider.objects.create(
        given_name=given,
        family_name=family,
        post_nominals=post_nominals,
        slug=slugify(f"{given} {family}") or "surgeon",
        specialty=profile.surgeon_role or "Surgeon",
        short_bio=profile.short_bio,
        is_demo=profile.is_demo,
        order=0,
    )
    if profile.video_url:
        Credential.objects.create(
            provider=provider,
            kind="publication",
            title=profile.video_title or "Video",
            detail="Video",
            url=profile.video_url,
        )


def backwards(apps, schema_editor):
    PracticeProfile = apps.get_model("practice_site", "PracticeProfile")
    Provider = apps.get_model("practice_site", "Provider")
    profile = PracticeProfile.objects.filter(pk=1).first()
    provider = Provider.objects.order_by("order", "id").first()
    if profile is None or provider is None:
        return
    profile.surgeon_name = f"{provider.given_name} {provider.family_name}".strip()
    profile.surgeon_credentials = provider.post_nominals
    profile.surgeon_role = provider.specialty
    profile.short_bio = provider.short_bio
    link = provider.credentials.filter(kind="publication", detail="Video").first()
    if link:
        profile.video_url, profile.video_title = link.url, link.title[:160]
    profile.save()


class Migration(migrations.Migration):
    dependencies = [
        ("practice_site", "0009_providers"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
