"""practice_site's models, one module per subject; every name is importable from here."""

from .content_version import ContentVersion
from .locations import Location, OpeningHours
from .media import Picture, PictureRendition, ProviderVideo, new_media_key
from .pages import Page
from .profile import PracticeProfile, ProfileLink
from .providers import CREDENTIAL_HEADINGS, Credential, Provider

__all__ = [
    "CREDENTIAL_HEADINGS",
    "ContentVersion",
    "Credential",
    "Location",
    "OpeningHours",
    "Page",
    "Picture",
    "PictureRendition",
    "PracticeProfile",
    "ProfileLink",
    "Provider",
    "ProviderVideo",
    "new_media_key",
]
