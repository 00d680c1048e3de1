"""Settings shared by every environment. Nothing here is safe to relax in production."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .database import database_config
from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the site, used where a link must work outside a request (staff emails).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before staticfiles so that `runserver` serves static files through WhiteNoise too, exactly
    # as production does.
    "whitenoise.runserver_nostatic",
    "practice_site.admin_apps.PracticeAdminConfig",  # django.contrib.admin, with our AdminSite
    # practice_site.app_names.*: the library's own app, named in plain words in the admin.
    "practice_site.app_names.StaffAccountsConfig",  # django.contrib.auth
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "practice_site.app_names.WebsiteAddressConfig",  # django.contrib.sites
    "practice_site.app_names.OldAddressesConfig",  # django.contrib.redirects
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "practice_site.app_names.SignInProtectionConfig",  # axes
    # Staff second factor: practice_site/twofactor/.
    "practice_site.app_names.TwoStepSignInConfig",  # django_otp
    "practice_site.app_names.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "practice_site.app_names.BackupCodesConfig",  # django_otp.plugins.otp_static
    "django_tasks",
    "practice_site.app_names.BackgroundTasksConfig",  # django_tasks_db
    "practice_site",
    "practice_site.drafts",  # drafts, previews, schedules and versions of content pages
    "procedures",
    "gallery",
    "testimonials",
    "consultations",
]

SITE_ID = 1

MIDDLEWARE = [
    # Outermost: gives every request its id and, with LOG_FORMAT=json, logs it with its duration.
    "practice_site.logging.RequestLogMiddleware",
    # Next, so that a cached page skips everything below: it is stored with the headers the
    # security middlewares gave it when it was rendered (see cache.py).
    "practice_site.cache.PageCacheMiddleware",
    # Above WhiteNoise, so that the static files it answers carry these headers too.
    "practice_site.middleware.CrossOriginResourcePolicyMiddleware",
    "practice_site.middleware.PermissionsPolicyMiddleware",
    "practice_site.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # /healthz for the proxy: after the security headers, before host checks (see health.py).
    "practice_site.health.HealthCheckMiddleware",
    # Directly after SecurityMiddleware, as WhiteNoise asks: static files skip everything below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "practice_site.middleware.StaffSessionLifetimeMiddleware",
    # After the 8-hour cap: a session past it is signed out before it is asked for a code.
    "practice_site.twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old site addresses (with or without query, slash, or below an old section): only
    # consulted for requests that would otherwise 404.
    "practice_site.redirects.OldAddressRedirectMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "practice_site.urls"
WSGI_APPLICATION = "practice_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "practice_site.context_processors.practice",
            ],
        },
    },
]


DATABASES = {"default": database_config(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# DATETIME_FORMAT for English (a locale's formats win over settings of the same name).
FORMAT_MODULE_PATH = ["practice_site.formats"]
TIME_ZONE = env_str("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Patient photos: the site's user only, whatever the umask (production sets 077 as well).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cacheable for a year) plus gzip and brotli variants built at collectstatic.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files browsers ask for at fixed root addresses (/favicon.ico), served by WhiteNoise too.
WHITENOISE_ROOT = BASE_DIR / "static_root"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security headers and cookies (../shared/RELIABILITY.md, "Deployment settings" / "Headers") ---
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features, all denied: the site uses none of them, and so no script could. Only
# names Chromium knows (156; an unknown one is a console error on every page); a browser test
# checks this (tests/browser/test_headers.py).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "captured-surface-control",
        "clipboard-read",
        "compute-pressure",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "keyboard-map",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "private-state-token-issuance",
        "private-state-token-redemption",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "speaker-selection",
        "storage-access",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    ]
}

# `__Host-` cookies are only accepted by browsers when Secure, host-only and on path "/".
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# A refused post keeps what was typed on the consultation form, and says why everywhere.
CSRF_FAILURE_VIEW = "practice_site.views.csrf_failure"
# Admin messages ("saved", "deleted") travel in the session, not in a cookie of their own that
# could not carry the `__Host-` prefix.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Staff sessions end after 8 hours, whatever they do (health information is on the other side).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

_proxy_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    # e.g. "HTTP_X_FORWARDED_PROTO,https": only set this behind a proxy that overwrites the header.
    _name, _, _value = _proxy_header.partition(",")
    SECURE_PROXY_SSL_HEADER = (_name.strip(), _value.strip() or "https")

# --- Email ---
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A slow mail server must never hold a patient's request open.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "website@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Site administrators", a) for a in env_list("ADMIN_EMAILS")]

# --- Background tasks (Django's tasks API: django-tasks backport, django-tasks-db backend) ---
# Work that must not run inside a visitor's request (the staff email) is queued in the database,
# in the same transaction as the data it is about, and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Practice-specific ---
CONSULTATION_NOTIFY_EMAILS = env_list("CONSULTATION_NOTIFY_EMAILS")
CONSULTATION_RETENTION_DAYS = env_int("CONSULTATION_RETENTION_DAYS", 730)
CONSULTATION_RATE_LIMIT = env_bool("CONSULTATION_RATE_LIMIT", True)
# Procedure and condition pages not reviewed by a clinician for longer are listed as overdue.
MEDICAL_REVIEW_MONTHS = 12

# --- Admin brute-force protection (django-axes 8.3; practice_site/lockout.py) ---
# A username is locked from one client address after AXES_FAILURE_LIMIT failures in a row, for
# AXES_COOLOFF_TIME after the last attempt (each attempt during the lockout restarts the wait,
# axes' default AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT). Other usernames from that address
# and that username from other addresses are unaffected; signing in with both steps clears it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = False  # cleared by practice_site.twofactor.views._complete_sign_in
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Renders AXES_LOCKOUT_TEMPLATE with the time sign-in reopens (axes only passes the duration).
AXES_LOCKOUT_CALLABLE = "practice_site.lockout.lockout_response"


# --- Client address: the login lockout and the consultation rate limit ask the same question ---
def client_address_settings(proxy_count):
    """django-ipware's settings, as django-axes reads them, for `proxy_count` proxies of ours.

    Each proxy appends the address it saw to X-Forwarded-For, so the client is the proxy_count-th
    entry from the right; entries further left were written by the client and are ignored. With
    no proxy, REMOTE_ADDR. consultations.spam.client_ip answers for the rate limit and, as
    AXES_CLIENT_IP_CALLABLE, for the lockout.
    """
    if proxy_count < 0:
        raise ImproperlyConfigured("AXES_PROXY_COUNT must be 0 or more.")
    return {
        # Behind proxies, REMOTE_ADDR only for a request that came round them, without the header.
        "AXES_IPWARE_META_PRECEDENCE_ORDER": (
            ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if proxy_count else ["REMOTE_ADDR"]
        ),
        # ipware counts the entries after the client's; the last proxy's is REMOTE_ADDR.
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1 if proxy_count else None,
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        "AXES_CLIENT_IP_CALLABLE": "consultations.spam.client_ip",
        # Strict mode would skip a header with a client-written prefix and fall back to the
        # proxy's own address, where a forged header could escape a lockout.
        "IPWARE_STRICT": False,
    }


PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
globals().update(client_address_settings(PROXY_COUNT))  # the AXES_IPWARE_* settings above
if env_int("CONSULTATION_PROXY_COUNT", PROXY_COUNT) != PROXY_COUNT:
    # It once counted the rate limit's proxies apart from the lockout's; one number now does both.
    raise ImproperlyConfigured(
        "CONSULTATION_PROXY_COUNT is no longer read: set AXES_PROXY_COUNT (the proxies in front "
        "of the site, for the login lockout and the consultation rate limit) and remove it."
    )

# --- Staff second factor (django-otp 1.7; practice_site/twofactor/) ---
# Wrong codes count as failed sign-ins for django-axes (above), and each authenticator and set of
# backup codes also doubles its own wait after every wrong code (1, 2, 4, 8 ... seconds).
TWO_FACTOR_BACKUP_CODES = 10
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# --- Page cache (practice_site/cache.py explains why it never serves stale content) ---
# Per-process memory: each gunicorn worker keeps its own pages; keys carry the content version
# read from the database, so an edit reaches every worker and machine without any purge.
CACHES = {
    "default": {
        # LocMemCache without pickling each value (practice_site/cache.py): a cached page is
        # served without copying it.
        "BACKEND": "practice_site.cache.ReadyMemoryCache",
        "LOCATION": "practice-site",
        # Enough for every public page with its filter and page variants; ~20 MB per worker.
        "OPTIONS": {"MAX_ENTRIES": 600},
    }
}
PAGE_CACHE_ALIAS = "default"
# Addresses per sitemap file (practice_site/sitemaps.py). At 200 a full file costs what a page
# does to build; the protocol allows 50,000, but every edit empties the page cache.
SITEMAP_LIMIT = 200
# Upper bound on an entry's life in seconds, besides the content version and local midnight.
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 600)

DEFAULT_EXCEPTION_REPORTER_FILTER = "practice_site.error_reports.PrivateReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "practice_site.error_reports.PrivateExceptionReporter"

# --- Logs: plain text, or one JSON object per line with LOG_FORMAT=json (practice_site/logging.py)
LOG_FORMAT = env_str("LOG_FORMAT", "").strip().lower() or "text"
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "practice_site.logging.TextFormatter"},
        "json": {"()": "practice_site.logging.JSONFormatter"},
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "request_id": {"()": "practice_site.logging.RequestIdFilter"},
        "no_query": {"()": "practice_site.logging.NoQueryFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        # Error reports to ADMIN_EMAILS: the traceback and the path, without request headers,
        # cookies, POST or GET values, file names or local variables (see error_reports.py).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies are never logged; Django's own request logger only logs the path.
        "django": {
            "handlers": ["console"],
            "level": env_str("LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        # Never DEBUG, whatever LOG_LEVEL says: a failed template lookup dumps the context (a
        # form as the patient typed it), and the database logger every statement's values.
        "django.template": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "django.request": {"handlers": ["console", "mail_admins"], "propagate": False},
        "django.server": {"handlers": ["console"], "filters": ["no_query"], "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # One line per request in JSON mode (RequestLogMiddleware); gunicorn's access log is off.
        "practice_site.requests": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Where the staff admin lives. Moving it off /admin/ cuts scripted login noise; it is not a secret.
ADMIN_PATH = env_str("ADMIN_PATH", "admin/").strip("/") + "/"
LOGIN_REDIRECT_URL = "admin:index"  # after a sign-in whose `next` was refused (off-site)

# --- Consultation requests (consultations app) ---
# A form sent sooner than this after the page was served is treated as suspected spam (stored
# flagged for review, never mailed). Three seconds is far quicker than any person can type.
CONSULTATION_MIN_FILL_SECONDS = env_int("CONSULTATION_MIN_FILL_SECONDS", 3)
# A form page older than this is treated the same way (bots replay old pages). A week: a patient
# may open the form on Friday and send it after the weekend, or after a few days' thought.
CONSULTATION_FORM_MAX_AGE_HOURS = env_int("CONSULTATION_FORM_MAX_AGE_HOURS", 168)
# What the thank-you page promises: staff reply within this many working days.
CONSULTATION_REPLY_WORKING_DAYS = env_int("CONSULTATION_REPLY_WORKING_DAYS", 1)

# --- Gallery uploads (gallery app) ---
# Checked before an uploaded photo is decoded: larger files, or images with more pixels, are
# refused with a form error. Keep the web server's request-size limit a little above the first.
GALLERY_MAX_UPLOAD_MB = env_int("GALLERY_MAX_UPLOAD_MB", 15)
GALLERY_MAX_MEGAPIXELS = env_int("GALLERY_MAX_MEGAPIXELS", 40)

# --- Health check (practice_site/health.py) ---
# The proxy checks /healthz over plain HTTP on the loopback: it must not be redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
HEALTHZ_REUSE_SECONDS = 2  # a check answered this recently is not run again (a flood's cost)

# --- Media storage: a local folder, or a private S3-compatible bucket for several machines ---
# AWS_STORAGE_BUCKET_NAME switches to the bucket (django-storages with boto3). Credentials come
# from boto3's usual places (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the machine's role),
# never from these settings. Objects are written without any ACL, so they stay as private as the
# bucket; the site streams each photo itself after the consent check (gallery.views.rendition)
# and never hands out a bucket URL, which the CSP (img-src 'self') would refuse anyway.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "").strip() or None,
            "location": env_str("AWS_LOCATION", "").strip().strip("/"),
            "default_acl": None,
            # Photos get random names; a name that exists is never silently replaced.
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 30,
        },
    }

# --- Backups (manage.py backup / restore; README "Backups") ---
BACKUP_DIR = Path(env_str("BACKUP_DIR", "").strip() or BASE_DIR / "backups")
