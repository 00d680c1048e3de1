from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class PageRecordQuerySet(models.QuerySet):
    def of(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )

    def for_model(self, model):
        return self.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False)
        )


class PageRecord(models.Model):
    """What drafts and versions share: the page they belong to and its change form's state."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    # Empty for a draft of a page that has never been published.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The change form's fields and inline rows as the browser posts them: {name: [values]}.
    data = models.JSONField()
    label = models.CharField(max_length=200, help_text="The page's name when this was saved.")

    objects = PageRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.label


class PendingChange(models.Model):
    """A change waiting to be made to one page, at most one of its kind per page; the task
    worker makes it at a set time: who set the time, and why it could not be done."""

    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_%(class)s_per_page"
            ),
        ]


class Draft(PageRecord, PendingChange):
    """The unpublished changes of one page, or a new page not yet on the site."""

    created_at = models.DateTimeField(
        auto_now_add=True, help_text="When the unpublished changes began."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    publish_at = models.DateTimeField(
        "go live at", null=True, blank=True, help_text="Published by the task worker then."
    )
    problem = models.TextField(
        blank=True, help_text="Why the scheduled publication could not be done, in plain words."
    )
    # The page's state when the draft was last saved: publishing applies only what the draft
    # changed from it (state.align). Empty for a new page, and for drafts saved before 0003.
    base = models.JSONField(null=True, blank=True)

    class Meta(PendingChange.Meta):
        ordering = ["-updated_at"]
        verbose_name = "draft"
        indexes = [models.Index(fields=["publish_at"])]


class Version(PageRecord):
    """One published version of a page: its change form as it stood once published."""

    published_at = models.DateTimeField(db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "published version"
        indexes = [models.Index(fields=["content_type", "object_id", "-published_at"])]


class Withdrawal(PendingChange):
    """A live page to be taken off the site at a date and time."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    withdraw_at = models.DateTimeField("take off the site at", db_index=True)
    problem = models.TextField(blank=True)

    objects = PageRecordQuerySet.as_manager()

    class Meta(PendingChange.Meta):
        ordering = ["withdraw_at"]
        verbose_name = "scheduled withdrawal"

    def __str__(self):
        return f"{self.content_type} {self.object_id} at {self.withdraw_at:%Y-%m-%d %H:%M}"
