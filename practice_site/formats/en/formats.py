"""One way of writing a moment on every staff page: "Dec. 4, 2026, 18:40".

Django's own for English ("Dec. 4, 2026, 6:40 p.m.") showed on the request page beside the
inbox's and the drafts' 24-hour times; pages that format a moment themselves use this too.
"""

DATETIME_FORMAT = "N j, Y, H:i"
