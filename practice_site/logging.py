"""Logs as one JSON object per line (LOG_FORMAT=json), and a request id on every line.

`RequestLogMiddleware` (outermost) gives each request an id: the proxy's `X-Request-ID` when it
looks like one (Caddy sends a UUID), else a new one. Every log line written while the request
runs carries it, and in JSON mode the middleware writes one line per request with the method,
the path (never the query string), the status, the duration and, for staff, their user id.

Only fields named here ever reach a JSON line: a log call's other `extra` values (Django passes
the request object itself) are dropped, so a submitted value cannot slip into the logs that way.
"""

import contextvars
import json
import logging
import re
import secrets
import time
from datetime import UTC, datetime

from django.conf import settings
from django.utils.functional import empty

request_id_var = contextvars.ContextVar("request_id", default=None)

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_QUERY = re.compile(r"\?\S*")
# What a JSON line may carry besides time, level, logger and message.
FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")

access_logger = logging.getLogger("practice_site.requests")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record logged while a request is being answered."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class NoQueryFilter(logging.Filter):
    """runserver's line per request (`make serve`), without the address's query: staff search the
    inbox by a patient's name, email or phone, and the words travel in it (`?q=`)."""

    def filter(self, record):
        # The line of a request is its first argument, or the second of a "Bad request" line.
        if isinstance(record.args, tuple):
            record.args = tuple(
                _QUERY.sub("", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


class TextFormatter(logging.Formatter):
    """The default: `time LEVEL logger message`, then the request id when there is one."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record):
        line = super().formatMessage(record)
        request_id = getattr(record, "request_id", None)
        return f"{line} [request {request_id}]" if request_id else line


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _staff_id(request):
    """The user id of a signed-in staff member, without loading the user just to log it."""
    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)  # a lazy user nobody looked at stays unloaded
    if user is None or user is empty or not getattr(user, "is_staff", False):
        return None
    return user.pk


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.log_requests = getattr(settings, "LOG_FORMAT", "text") == "json"

    def __call__(self, request):
        # Read from META: `request.headers` would copy every header of the request first.
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _REQUEST_ID.fullmatch(offered) else secrets.token_hex(16)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if self.log_requests:
                access_logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": _staff_id(request),
                    },
                )
            return response
        finally:
            request_id_var.reset(token)
