"""Production: refuses to start without a real secret key and the allowed hosts."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_list, require

SECRET_KEY = require("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set in production.")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)

# Files the site writes (the SQLite database with its -wal and -shm, gallery renditions, backups)
# are readable by the site's user only. Set here because every process that writes them imports
# these settings before it opens a file: manage.py commands, gunicorn's workers, the task worker.
os.umask(0o077)
