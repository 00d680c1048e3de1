import operator
from functools import reduce

from django.core.validators import slug_re
from django.db import models, router, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.text import slugify

from .markdown import MarkdownModel, free_id, html_field, render_markdown
from .model_fields import (
    SEARCH_HELP,
    NamesAddressClash,
    order_field,
    published_field,
    search_summary_field,
)

# Staff write Markdown through the admin's editor (procedures/admin_ui.py), without needing to know
# it: the help names the buttons, not the syntax.
MARKDOWN_HELP = (
    "Use the buttons above the box for a heading, bold words, a list or a link to another page "
    "of the site. The preview under the box shows the text as the page will."
)
SLUG_HELP = (
    "The last part of the page's web address, made from the title. Changed once the page is "
    "published, the old address leads to the new one (a redirect is added for you)."
)


class PublicQuerySet(models.QuerySet):
    """`published()` and `with_is_public()`, both from the model's one rule, `public_q()`."""

    @staticmethod
    def public_q(via=""):
        """What makes a row public, as a Q; `via` reaches it through a relation ("procedure__")."""
        raise NotImplementedError

    def published(self):
        return self.filter(self.public_q())

    def with_is_public(self):
        """Every row marked `is_public`, for staff previews that show hidden rows too."""
        return self.annotate(
            is_public=models.ExpressionWrapper(self.public_q(), output_field=models.BooleanField())
        )


class TopicPage(NamesAddressClash, models.Model):
    """A page about one subject, a procedure or a condition: what lists, cards and search
    results show of it, and its "Medically reviewed by" line (a clinician checks such pages).
    Each declares its own web address, unique in a different scope."""

    title = models.CharField(max_length=160)
    summary = models.TextField(help_text="Two or three plain sentences shown on lists and cards.")
    meta_description = search_summary_field()
    order = order_field()
    # Empty until a clinician has checked the page: a date filled in by default said that
    # every new page had been reviewed on the day it was written.
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When a clinician last checked this page. Leave it empty until one has: the "
        "page then says nothing about a review, and staff see it as due for review.",
    )
    reviewed_by = models.ForeignKey(
        # By name, not import: procedures imports nothing of ours (ARCHITECTURE.md). The
        # migration graph stays one-way: practice_site's migrations never depend on procedures.
        "practice_site.Provider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_%(class)ss",
        verbose_name="medically reviewed by",
        help_text="The clinician who checked this page on the date above. The page says "
        "'Medically reviewed by …' with their name and that date.",
    )
    # The demo's pages carry a review that no doctor made: its reviewer and date are kept here,
    # with the page (the demo's reviewer may become the practice's real surgeon). The page's
    # review is a sample while it is still that one, whatever a draft or a restored version
    # brings back; a review staff record has another date (see `sample_review`).
    sample_reviewed_by = models.ForeignKey(
        "practice_site.Provider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    sample_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def sample_review(self):
        """The review shown is the demo's sample: no doctor has checked this text."""
        return (
            self.sample_reviewed_on is not None
            and self.sample_reviewed_on == self.last_reviewed
            and self.sample_reviewed_by_id == self.reviewed_by_id
        )


def with_sample_flag(pages):
    """`pages` (procedures or conditions) with `is_sample_review`, TopicPage.sample_review in
    SQL, to filter on. A CASE, so that a comparison with an empty column counts as "no"."""
    same_reviewer = models.Q(sample_reviewed_by=F("reviewed_by")) | models.Q(
        sample_reviewed_by__isnull=True, reviewed_by__isnull=True
    )
    sample = models.Q(sample_reviewed_on=F("last_reviewed")) & same_reviewer
    return pages.alias(
        is_sample_review=models.Case(
            models.When(sample, then=models.Value(True)),
            default=models.Value(False),
            output_field=models.BooleanField(),
        )
    )


class PublishedFlagQuerySet(PublicQuerySet):
    """Public while staff leave `is_published` ticked: conditions, FAQs (with their procedure),
    and practice_site's locations and providers."""

    @staticmethod
    def public_q(via=""):
        return models.Q(**{f"{via}is_published": True})


class ProcedureGroupQuerySet(models.QuerySet):
    def with_published_procedures(self, limit):
        """The groups, read now (a list), each with its first `limit` published procedures as
        `published_procedures` and how many it has as `published_count`. The procedures come
        from a LIMIT per group (`first_of_groups`): a sliced prefetch ranked every procedure of
        every group with a window, and grew with them."""
        # In the groups' own order, named: Django leaves Meta.ordering out of a GROUP BY query.
        counted = self.annotate(
            published_count=models.Count(
                "procedures", filter=ProcedureQuerySet.public_q("procedures__")
            )
        )
        groups = list(counted.order_by(*ProcedureGroup._meta.ordering))
        by_group = {group.pk: group for group in groups}
        for group in groups:
            group.published_procedures = []
        if groups:
            first = Procedure.objects.published().first_of_groups(by_group, limit)
            for procedure in first.order_by("order", "title"):
                procedure.group = by_group[procedure.group_id]
                procedure.group.published_procedures.append(procedure)
        return groups


class ProcedureGroup(NamesAddressClash, MarkdownModel):
    """One of the four families of treatment: facial reanimation, nerve, muscle, cosmetic."""

    title = models.CharField(max_length=120)
    slug = models.SlugField("web address", max_length=120, unique=True, help_text=SLUG_HELP)
    summary = models.TextField(help_text="Two or three plain sentences shown on lists of groups.")
    intro = models.TextField(
        "introduction",
        blank=True,
        help_text="The longer text at the top of the group's page. " + MARKDOWN_HELP,
    )
    intro_html = html_field()
    order = order_field()
    meta_description = search_summary_field(
        SEARCH_HELP + " Left empty, the summary above is used.", blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureGroupQuerySet.as_manager()
    rendered_fields = ["intro_html"]
    # Markdown fields, with the HTML level a "## " heading becomes where the text is shown: the
    # admin's editor previews it so (procedures/admin_ui.py).
    markdown_fields = {"intro": 2}

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "procedure group"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procedures:group", kwargs={"group_slug": self.slug})

    def render(self):
        self.intro_html = render_markdown(self.intro, id_prefix="intro--").html


# Procedures of each group that a list of choices offers (the consultation form, the gallery's
# and the testimonials' filters).
OFFERED_PER_GROUP = 12


class ProcedureQuerySet(PublicQuerySet):
    @staticmethod
    def public_q(via=""):
        return models.Q(**{f"{via}status": Procedure.Status.PUBLISHED})

    @classmethod
    def none_or_public_q(cls, relation):
        """Through the optional foreign key `relation` ("procedure"): about no procedure, or
        about a public one. What FAQs and testimonials may be shown with."""
        return models.Q(**{f"{relation}__isnull": True}) | cls.public_q(f"{relation}__")

    def first_of_groups(self, group_ids, count):
        """These procedures' first `count` of each group of `group_ids`, in the group's order."""
        return self.filter(reduce(operator.or_, self._first_per_group(group_ids, count)))

    def _first_per_group(self, group_ids, count):
        # A LIMIT per group walks the index on (group, order, title) and stops at `count`, so
        # the cost is what is shown; a window over every procedure grew with the practice.
        in_order = self.order_by("order", "title").values("pk")
        return [models.Q(pk__in=in_order.filter(group_id=pk)[:count]) for pk in group_ids]

    @staticmethod
    def key_lookups(key):
        """The lookups that find the procedure a list filter's `key` names (Procedure.filter_key),
        or none where it names none (nor anything the database would refuse, such as a NUL)."""
        group, _, slug = str(key or "").partition("/")
        if slug_re.fullmatch(group) and slug_re.fullmatch(slug):
            return {"group__slug": group, "slug": slug}
        return {}

    def key_for_slug(self, slug):
        """The key of the one procedure here with this `slug`, or None (no such procedure, or
        one in each of several groups): for a filter link from before keys named the group
        (`?procedure=facelift`)."""
        if not slug_re.fullmatch(str(slug or "")):
            return None
        found = list(self.filter(slug=slug).select_related("group")[:2])
        return found[0].filter_key if len(found) == 1 else None

    def first_in_each_group(self, count=OFFERED_PER_GROUP, **asked):
        """At most `count` procedures of each group, the first in the group's own order, and
        those `asked` for by lookups with values (`key_lookups` a link's, `pk__in=` a form's),
        groups in the site's order: what a list of choices offers, however many there are.
        Each has `place_in_group`: its place in the group, or a place after `count` if it is
        there only because it was asked for."""
        chosen = self._first_per_group(ProcedureGroup.objects.values_list("pk", flat=True), count)
        asked = {lookup: value for lookup, value in asked.items() if value}
        if asked:
            chosen.append(models.Q(pk__in=self.filter(**asked).values("pk")))
        offered = self.model.objects.annotate(
            place_in_group=Window(
                RowNumber(), partition_by=F("group_id"), order_by=[F("order"), F("title")]
            )
        ).order_by("group__order", "group__title", "order", "title")
        return offered.filter(reduce(operator.or_, chosen)) if chosen else offered.none()


class Procedure(TopicPage):
    """A treatment with its own page, made of ordered sections."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Kind(models.TextChoices):
        SURGICAL = "surgical", "Surgery"
        NONINVASIVE = "noninvasive", "Non-surgical treatment"
        # Through the skin by needle (Botox, fillers): schema.org tells it from noninvasive.
        INJECTION = "injection", "Non-surgical treatment (injections)"

    group = models.ForeignKey(ProcedureGroup, on_delete=models.PROTECT, related_name="procedures")
    slug = models.SlugField("web address", max_length=160, help_text=SLUG_HELP)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
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

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["group__order", "order", "title"]
        # Each group's procedures in order, read a few at a time (first_in_each_group, group
        # pages): without it every read sorts the whole table.
        indexes = [models.Index(fields=["group", "order", "title"], name="procedure_group_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "slug"], name="unique_procedure_slug_in_group"
            ),
        ]

    def get_absolute_url(self):
        return reverse(
            "procedures:detail", kwargs={"group_slug": self.group.slug, "slug": self.slug}
        )

    @property
    def filter_key(self):
        """How the gallery's and the testimonials' filters name this procedure in a link: a slug
        is unique only within its group, so the group's comes first."""
        return f"{self.group.slug}/{self.slug}"


class Section(MarkdownModel):
    """A headed part of a procedure page, in order."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(
        max_length=160,
        help_text='Shown as a heading and in the page\'s table of contents, e.g. "Recovery".',
    )
    body = models.TextField("text", help_text=MARKDOWN_HELP)
    order = order_field()
    # The heading's id on the page, unique among the procedure's sections.
    anchor = models.CharField(max_length=170, editable=False, blank=True, default="")
    body_html = html_field()

    rendered_fields = ["anchor", "body_html"]
    markdown_fields = {"body": 3}
    markdown_owner = "procedure"  # edited on its procedure's page

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "section"

    def __str__(self):
        return self.heading

    def render(self):
        # Sibling anchors are only read: a section keeps its anchor until it is saved itself.
        taken = set(
            Section.objects.filter(procedure_id=self.procedure_id)
            .exclude(pk=self.pk)
            .values_list("anchor", flat=True)
        )
        self.anchor = free_id(slugify(self.heading) or "section", taken)
        self.body_html = render_markdown(self.body, id_prefix=f"{self.anchor}--", top_level=3).html


class Condition(TopicPage, MarkdownModel):
    """A cause of facial paralysis, linked to the procedures that can treat it."""

    slug = models.SlugField("web address", max_length=160, unique=True, help_text=SLUG_HELP)
    body = models.TextField(
        "text",
        help_text="The page's text. Its headings are listed at the top of the page. "
        + MARKDOWN_HELP,
    )
    body_html = html_field()
    # The body's main headings ({"id", "title"}), for the page's contents list.
    contents = models.JSONField(editable=False, blank=True, default=list)
    procedures = models.ManyToManyField(
        Procedure,
        blank=True,
        related_name="conditions",
        help_text="Treatments listed on this condition's page (only published ones are shown).",
    )
    is_published = published_field(
        "Unpublished conditions are hidden from the public; staff can still preview them."
    )

    objects = PublishedFlagQuerySet.as_manager()
    rendered_fields = ["body_html", "contents"]
    markdown_fields = {"body": 2}

    class Meta:
        ordering = ["order", "title"]

    def get_absolute_url(self):
        return reverse("procedures:condition", kwargs={"slug": self.slug})

    def render(self):
        rendered = render_markdown(self.body, top_level=2)
        self.body_html = rendered.html
        self.contents = [
            {"id": heading["id"], "title": heading["title"]}
            for heading in rendered.headings
            if heading["level"] == 2
        ]


class FAQQuerySet(PublicQuerySet):
    @staticmethod
    def public_q(via=""):
        """Published, and general or about a published procedure."""
        return PublishedFlagQuerySet.public_q(via) & ProcedureQuerySet.none_or_public_q(
            f"{via}procedure"
        )


class FAQ(MarkdownModel):
    """A question patients ask, general or about one procedure."""

    question = models.CharField(max_length=255)
    answer = models.TextField(help_text="A plain answer, a few sentences long. " + MARKDOWN_HELP)
    answer_html = html_field()
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="faqs",
        help_text="Leave empty for a general question.",
    )
    order = order_field()
    is_published = published_field(
        "Shown on the questions page, and on its procedure's page while that is published."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FAQQuerySet.as_manager()
    rendered_fields = ["answer_html"]
    markdown_fields = {"answer": 3}

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        adding = self.pk is None
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(FAQ)):
            super().save(*args, **kwargs)
            if adding:
                # The ids of headings in the answer carry the pk, which the insert just gave.
                self.render()
                FAQ.objects.filter(pk=self.pk).update(answer_html=self.answer_html)

    def get_absolute_url(self):
        return reverse("procedures:faq") + f"#faq-{self.pk}"

    def render(self):
        # One level for both pages that show answers: below an <h2>, in a <details>.
        self.answer_html = render_markdown(
            self.answer, id_prefix=f"faq-{self.pk}--", top_level=3
        ).html
