"""Local development and the one-command demo: DEBUG on, plain HTTP on 127.0.0.1."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = (
    env_str("SECRET_KEY", "") or "dev-only-insecure-key-never-used-in-production-0123456789"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# runserver speaks plain HTTP: `__Host-`/Secure cookies would be refused by some browsers there.
SESSION_COOKIE_NAME = "sessionid"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_NAME = "csrftoken"
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Mail goes to the console unless a real server is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# So that a request sent through the demo's form shows its staff email there (and the staff
# home no alarm about unsent email); example.com is reserved and never receives mail.
CONSULTATION_NOTIFY_EMAILS = env_list("CONSULTATION_NOTIFY_EMAILS", ["frontdesk@example.com"])
