from django.db import models


class ContentVersion(models.Model):
    """A token that changes whenever public content changes; the page cache keys pages by it.

    It lives in the database so that every gunicorn worker, and every machine sharing one
    PostgreSQL database, sees an edit on the very next request (see practice_site/cache.py).
    A random token rather than a counter: restoring a backup never brings back a value that
    caches still hold pages for.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "content version"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="content_version_singleton"),
        ]

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
