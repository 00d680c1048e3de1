from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

MARKDOWN_HELP = (
    "Markdown: leave a blank line between paragraphs; '## ' starts a sub-heading, '- ' a list "
    "item; **bold**; [link text](https://address). HTML and scripts are removed."
)


class ProcedureGroupQuerySet(models.QuerySet):
    def with_published_procedures(self):
        """Groups with `published_procedures` prefetched: two queries however many there are."""
        return self.prefetch_related(
            models.Prefetch(
                "procedures",
                queryset=Procedure.objects.published().order_by("order", "title"),
                to_attr="published_procedures",
            )
        )


class ProcedureGroup(models.Model):
    """One of the four families of treatment: facial reanimation, nerve, muscle, cosmetic."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(help_text="Two or three plain sentences shown on lists of groups.")
    intro = models.TextField(
        blank=True, help_text="Longer introduction on the group's page. " + MARKDOWN_HELP
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="The summary search engines show under the title (max 160). The summary is "
        "used when this is empty.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "procedure group"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procedures:group", kwargs={"group_slug": self.slug})


class ProcedureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Procedure.Status.PUBLISHED)


class Procedure(models.Model):
    """A treatment with its own page, made of ordered sections."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Kind(models.TextChoices):
        SURGICAL = "surgical", "Surgery"
        NONINVASIVE = "noninvasive", "Non-surgical treatment"

    group = models.ForeignKey(ProcedureGroup, on_delete=models.PROTECT, related_name="procedures")
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160)
    summary = models.TextField(help_text="Two or three plain sentences shown on lists and cards.")
    meta_description = models.CharField(
        max_length=160, help_text="The summary search engines show under the title (max 160)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    last_reviewed = models.DateField(
        default=timezone.localdate, help_text="When a surgeon last checked this page."
    )
    kind = models.CharField("type", max_length=12, choices=Kind.choices, default=Kind.SURGICAL)
    # "At a glance" facts shown beside the page; a blank one is simply left out.
    anesthesia = models.CharField(
        max_length=120, blank=True, help_text='At a glance, e.g. "General anesthesia".'
    )
    hospital_stay = models.CharField(
        max_length=120, blank=True, help_text='At a glance, e.g. "Usually one night".'
    )
    recovery = models.CharField(
        "recovery time",
        max_length=160,
        blank=True,
        help_text='At a glance, e.g. "Back to desk work in about two weeks".',
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "slug"], name="unique_procedure_slug_in_group"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "procedures:detail", kwargs={"group_slug": self.group.slug, "slug": self.slug}
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Section(models.Model):
    """A headed part of a procedure page, in order."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(
        max_length=160,
        help_text='Shown as a heading and in the page\'s table of contents, e.g. "Recovery".',
    )
    body = models.TextField(help_text=MARKDOWN_HELP)
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "section"

    def __str__(self):
        return self.heading


class ConditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Condition(models.Model):
    """A cause of facial paralysis, linked to the procedures that can treat it."""

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    summary = models.TextField(help_text="Two or three plain sentences shown on lists and cards.")
    body = models.TextField(help_text=MARKDOWN_HELP)
    meta_description = models.CharField(
        max_length=160, help_text="The summary search engines show under the title (max 160)."
    )
    procedures = models.ManyToManyField(
        Procedure,
        blank=True,
        related_name="conditions",
        help_text="Treatments listed on this condition's page (only published ones are shown).",
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    is_published = models.BooleanField(
        "published",
        default=True,
        help_text="Unpublished conditions are hidden from the public; staff can still preview "
        "them.",
    )
    last_reviewed = models.DateField(
        default=timezone.localdate, help_text="When a surgeon last checked this page."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConditionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[procedures])

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procedures:condition", kwargs={"slug": self.slug})


class FAQQuerySet(models.QuerySet):
    # Published questions that are general or belong to a published procedure.
    PUBLIC = models.Q(is_published=True) & (
        models.Q(procedure__isnull=True) | models.Q(procedure__status=Procedure.Status.PUBLISHED)
    )

    def published(self):
        return self.filter(self.PUBLIC)

    def with_is_public(self):
        """Every question marked `is_public`, for staff previews that show the hidden ones too."""
        return self.annotate(
            is_public=models.ExpressionWrapper(self.PUBLIC, output_field=models.BooleanField())
        )


class FAQ(models.Model):
    """A question patients ask, general or about one procedure."""

    question = models.CharField(max_length=255)
    answer = models.TextField(help_text=MARKDOWN_HELP)
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="faqs",
        help_text="Leave empty for a general question.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FAQQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("procedures:faq") + f"#faq-{self.pk}"
