"""The gallery's procedures to link cases to (the factories are in tests/conftest.py)."""

import pytest

from procedures.models import Procedure


@pytest.fixture
def procedures(make_group, make_procedure):
    """Two groups with two published procedures each, and a draft."""
    reanimation = make_group("Facial reanimation", order=1)
    cosmetic = make_group("Cosmetic and balancing procedures", slug="cosmetic", order=4)
    return {
        "smile": make_procedure("Smile reanimation", group=reanimation),
        "eye": make_procedure("Eye closure restoration", group=reanimation),
        "brow": make_procedure("Brow lift", group=cosmetic),
        "sling": make_procedure("Static sling", group=cosmetic),
        "draft": make_procedure("Facelift", group=cosmetic, status=Procedure.Status.DRAFT),
    }
