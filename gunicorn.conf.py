"""gunicorn settings for production and for the benchmarks (`gunicorn -c gunicorn.conf.py`).

Every value can be overridden from the environment, so the deployment does not edit this file.
A variable that is set but empty (`GUNICORN_WORKERS=` in an environment file) means the default.
"""

import multiprocessing
import os


def env(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    return int(value) if isinstance(default, int) else value


wsgi_app = "practice_site.wsgi:application"
# The master reads this file before it forks: workers are born private, not once they have loaded
# the site's settings (prod.py sets the same). A worker still starting up, or one started with
# another settings module, would otherwise run with the shell's umask until then.
os.umask(0o077)
# Loopback by default: the TLS proxy in front (nginx, Caddy, a load balancer) is the only client.
bind = env("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages render in milliseconds and cache well; (2 x cores) + 1 is gunicorn's advice.
workers = env("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
timeout = env("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
# Recycle workers now and then so a slow leak can never grow without bound, but rarely: a new
# worker costs about 1 s of CPU to start and starts with an empty page cache (each worker keeps
# its own), refilled at 5-25 ms a page, while a cache hit costs about 0.2 ms. At 2,000 requests
# a recycle cost more than the requests it served (160 restarts in 25 minutes under load); at
# 50,000 it is a few per cent. The jitter keeps workers from all restarting at once.
max_requests = env("GUNICORN_MAX_REQUESTS", 50000)
max_requests_jitter = max_requests // 10
# gunicorn 27 opens a control socket under ~/.gunicorn/ by default; nothing here uses it.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# The access log records the path only: no query string (it could hold personal data) and no body.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
forwarded_allow_ips = env("FORWARDED_ALLOW_IPS", "127.0.0.1")

# LOG_FORMAT=json (see practice_site/logging.py): the site logs each request as one JSON line
# itself (with its request id and duration), so gunicorn's access log would only repeat it; its
# own messages (start, worker restarts, timeouts) become JSON lines too.
if env("LOG_FORMAT", "").lower() == "json":
    accesslog = None
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "practice_site.logging.JSONFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
    }
