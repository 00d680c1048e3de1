"""Who must sign in with a second factor."""

CONSULTATION_VIEW_PERMISSION = "consultations.view_consultationrequest"


def second_factor_required(user):
    """True for every account that can sign in to the admin, and for anyone who can read requests.

    Content editors too: they publish patients' photos and edit the phone number and addresses
    patients use, so a stolen editor password could point patients at someone else.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or user.is_superuser or user.has_perm(CONSULTATION_VIEW_PERMISSION)


def is_verified(user):
    """True once this session's second factor was checked (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def half_signed_in(user):
    """Password accepted, second factor still owed."""
    return second_factor_required(user) and not is_verified(user)
