"""Small, strict readers for environment variables.

They fail loudly on a malformed value instead of guessing, so a typo in a deployment's
environment stops the process at start-up rather than changing behaviour silently. A variable that
is set but empty (`NAME=` in an environment file) means "use the default", like an absent one.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name):
    """The variable's value, or None when it is absent or blank."""
    raw = os.environ.get(name)
    return raw if raw is not None and raw.strip() else None


def env_str(name, default=None):
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name, default=False):
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name, default):
    raw = _raw(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name, default=()):
    raw = _raw(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def require(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value
