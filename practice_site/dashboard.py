"""The staff home: what needs doing, per role, each number a link to the list that shows it.

A number is counted by the change list it links to (the model admin's own queryset and list
filter, given the link's query string), so following it shows exactly that many rows.
"""

import copy
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.http import QueryDict
from django.template.defaultfilters import pluralize
from django.urls import reverse

from consultations.models import ConsultationRequest
from gallery.models import Case
from procedures.models import FAQ, Condition, Procedure, with_sample_flag
from testimonials.models import Testimonial

from .drafts.models import Draft
from .models import Location, Page, PracticeProfile, Provider
from .staff_chart import requests_per_week


@dataclass
class Item:
    count: int
    label: str  # "procedures", "received today": reads after the number
    url: str


@dataclass
class Tile:
    title: str
    items: list
    alert: bool = False  # a number above zero is work waiting (not just information)
    note: str = ""

    @property
    def total(self):
        return sum(item.count for item in self.items)

    @property
    def needs_attention(self):
        return self.alert and self.total > 0


@dataclass
class Dashboard:
    front_desk: list = field(default_factory=list)
    editor: list = field(default_factory=list)
    setup: list = field(default_factory=list)  # before_going_live()
    chart: object = None


def _list_filters_for(model_admin, request, params):
    """The entries of the admin's list_filter that read one of `params`."""
    chosen = []
    for entry in model_admin.get_list_filter(request):
        name = getattr(entry, "parameter_name", None)
        if name is not None:
            if name in params:
                chosen.append(entry)
            continue
        path = entry[0] if isinstance(entry, (tuple, list)) else entry
        if isinstance(path, str) and any(p == path or p.startswith(path + "__") for p in params):
            chosen.append(entry)
    return chosen


def list_count(model_admin, request, params):
    """How many rows the admin's change list shows for the query string `params`.

    Built by the admin's own ChangeList class, queryset and filters (only those the query string
    uses, so that other filters' choices are not queried), without fetching a page of rows.
    """
    fake = copy.copy(request)
    fake.GET = QueryDict(urlencode(params))
    fake.method = "GET"

    class Counting(model_admin.get_changelist(fake)):
        def get_results(self, request):
            pass  # the count below is all that is needed

    changelist = Counting(
        fake,
        model_admin.model,
        ["__str__"],
        [],
        _list_filters_for(model_admin, fake, params),
        None,
        model_admin.get_search_fields(fake),
        False,
        model_admin.list_per_page,
        model_admin.list_max_show_all,
        (),
        model_admin,
        (),
        None,
    )
    return changelist.queryset.count()


def has_filter(model_admin, request, parameter):
    return any(
        getattr(entry, "parameter_name", None) == parameter
        for entry in model_admin.get_list_filter(request)
    )


class Counter:
    """Counts for one request: only models the person may view, each by its own list."""

    def __init__(self, site, request):
        self.site = site
        self.request = request

    def admin_for(self, model):
        model_admin = self.site._registry.get(model)
        if model_admin is None or not model_admin.has_view_permission(self.request):
            return None
        return model_admin

    def item(self, model, params, label=None, above=0):
        """The count of `model`'s list filtered by `params`, plus `above`: entries the list
        shows above its rows (drafts of new pages)."""
        model_admin = self.admin_for(model)
        if model_admin is None:
            return None
        url = reverse(
            f"{self.site.name}:{model._meta.app_label}_{model._meta.model_name}_changelist"
        )
        count = list_count(model_admin, self.request, params) + above
        if label is None:
            label = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        return Item(count=count, label=str(label), url=f"{url}?{urlencode(params)}")

    def per_model(self, models, parameter, value, above=None):
        """One item per model whose list has the filter `parameter` (helper `drafts` adds them);
        `above`: {model: entries its list shows above the rows}."""
        items = []
        for model in models:
            model_admin = self.admin_for(model)
            if model_admin is not None and has_filter(model_admin, self.request, parameter):
                extra = (above or {}).get(model, 0)
                items.append(self.item(model, {parameter: value}, above=extra))
        return items


# Requests not held back as suspected spam: the list's own "suspected spam: No" filter.
GENUINE = {"is_spam__exact": "0"}


def front_desk_tiles(counter):
    if counter.admin_for(ConsultationRequest) is None:
        return []
    days = settings.CONSULTATION_REPLY_WORKING_DAYS
    request_item = counter.item
    return [
        Tile(
            "Received today",
            [request_item(ConsultationRequest, {"received": "today", **GENUINE}, "received today")],
        ),
        Tile(
            "Received this week",
            [
                request_item(
                    ConsultationRequest, {"received": "week", **GENUINE}, "received since Monday"
                )
            ],
        ),
        Tile(
            "Waiting for a reply",
            [
                request_item(
                    ConsultationRequest,
                    {"attention": "waiting"},
                    f"still New after {days} working day{'s' if days != 1 else ''}",
                )
            ],
            alert=True,
            note=f"Patients are told we reply within {days} working day{'s' if days != 1 else ''}.",
        ),
        Tile(
            "Staff emails not sent",
            [request_item(ConsultationRequest, {"attention": "email"}, "not sent yet")],
            alert=True,
            note="The requests are stored; the email is retried. Check the mail settings if "
            "this stays above zero.",
        ),
        Tile(
            "Suspected spam this week",
            [
                request_item(
                    ConsultationRequest,
                    {"received": "week", "is_spam__exact": "1"},
                    "held back since Monday",
                )
            ],
            note="No staff email went out for these. A patient's request can land here too (a "
            "form page left open for days, for example): look through them, and mark the real "
            "ones as not spam.",
        ),
    ]


DRAFTABLE = [Procedure, Condition, FAQ, Page, Provider, Case, Testimonial]


def editor_tiles(counter, broken_links=None):
    tiles = []
    # Drafts of pages not yet on the site are no rows of the list: it shows them above its rows.
    types = ContentType.objects.get_for_models(*DRAFTABLE, for_concrete_models=False)
    new = dict(
        Draft.objects.filter(object_id__isnull=True)
        .values_list("content_type")
        .annotate(count=Count("id"))
    )
    above = {model: new.get(types[model].pk, 0) for model in DRAFTABLE}
    drafts = counter.per_model(DRAFTABLE, "unpublished", "yes", above)
    if drafts:
        tiles.append(
            Tile("Unpublished changes", drafts, note="Drafts not yet on the site, new pages too.")
        )
    # Counted by the lists (as every number here) for the kinds of page that have one: one
    # query, and no more on the usual day when every scheduled draft went live.
    kinds = set(Draft.objects.exclude(problem="").values_list("content_type", flat=True))
    models = [model for model in DRAFTABLE if types[model].pk in kinds]
    failed = [i for i in counter.per_model(models, "unpublished", "failed") if i.count]
    if failed:
        tiles.append(
            Tile(
                "Not published on schedule",
                failed,
                alert=True,
                note="A scheduled draft the site could not publish: each page says why.",
            )
        )
    review = counter.per_model([Procedure, Condition], "review", "overdue")
    if review:
        tiles.append(
            Tile(
                "Due for medical review",
                review,
                alert=True,
                note="Medical pages no clinician has checked for too long, or ever (new, samples).",
            )
        )
    hidden = counter.item(Case, {"on_site": "no_consent"}, None)
    if hidden:
        hidden.label = "published case" + ("" if hidden.count == 1 else "s")
        tiles.append(
            Tile(
                "Photos hidden: no consent",
                [hidden],
                alert=True,
                note="Published, but hidden until a website consent is in force.",
            )
        )
    waiting = counter.item(Testimonial, {"consent_date__isempty": "1"})
    if waiting:
        tiles.append(
            Tile(
                "Testimonials waiting for consent",
                [waiting],
                alert=True,
                note="They cannot be published until the patient's consent is recorded.",
            )
        )
    if broken_links is not None:
        tiles.append(
            Tile(
                "Links to missing pages",
                [
                    Item(
                        count=broken_links,
                        label="broken link" + ("" if broken_links == 1 else "s"),
                        url=reverse(f"{counter.site.name}:broken_links"),
                    )
                ],
                alert=True,
                note="Links in page texts that lead nowhere on the site.",
            )
        )
    return tiles


def before_going_live(site_name, request):
    """The staff home's "Before the site goes live", as (what, admin address): what a new site
    still lacks that every visitor would notice (the practice's name and phone number, in every
    page's header, footer and search data; the site pages' texts, two of which the consultation
    form asks patients to read), then what is still the demo's."""
    missing = []
    practice = PracticeProfile.for_request(request)  # as the page header reads it
    if not (practice.practice_name and practice.phone):
        missing.append(
            (
                "The practice profile has no name or phone number: every page shows them.",
                reverse(f"{site_name}:practice_site_practiceprofile_changelist"),
            )
        )
    written = set(Page.objects.exclude(body="").values_list("key", flat=True))
    lacking = [label for key, label in Page.Key.choices if key not in written]
    if lacking:
        missing.append(
            (
                f"Site page{pluralize(len(lacking))} without text: {', '.join(lacking)}.",
                reverse(f"{site_name}:practice_site_page_changelist"),
            )
        )
    return missing + demo_leftovers(site_name, practice)


def demo_leftovers(site_name, practice):
    """What is still marked as the demo's, each unticked or replaced in a different place: the
    list a practice that began from the demo works through before it goes live."""

    def url(name, **query):
        address = reverse(f"{site_name}:{name}")
        return f"{address}?{urlencode(query)}" if query else address

    marked = []
    if practice.is_demo:
        marked.append(
            (
                "The practice profile’s “demo content” box is ticked: every page’s footer says "
                "the site shows samples.",
                url("practice_site_practiceprofile_changelist"),
            )
        )
    counts = [
        (
            Location.objects.filter(is_demo=True),
            "location{} marked “sample details”",
            url("practice_site_location_changelist"),
        ),
        (
            Provider.objects.filter(is_demo=True),
            "provider{} marked “demonstration entry”",
            url("practice_site_provider_changelist"),
        ),
        (
            Testimonial.objects.filter(source=Testimonial.Source.SAMPLE),
            "sample testimonial{}",
            url("testimonials_testimonial_changelist", source__exact=Testimonial.Source.SAMPLE),
        ),
        (
            with_sample_flag(Procedure.objects.all()).filter(is_sample_review=True),
            "procedure{} whose medical review is a sample",
            url("procedures_procedure_changelist", review="sample"),
        ),
        (
            with_sample_flag(Condition.objects.all()).filter(is_sample_review=True),
            "condition{} whose medical review is a sample",
            url("procedures_condition_changelist", review="sample"),
        ),
    ]
    for rows, label, address in counts:
        count = rows.count()
        if count:
            marked.append((f"{count} {label.format(pluralize(count))}.", address))
    return marked


def build(site, request, broken_links=None):
    counter = Counter(site, request)
    board = Dashboard(
        front_desk=front_desk_tiles(counter),
        editor=editor_tiles(counter, broken_links) if edits_content(request.user) else [],
        setup=before_going_live(site.name, request) if edits_content(request.user) else [],
    )
    if board.front_desk:
        board.chart = requests_per_week()
    return board


def edits_content(user):
    """Content editors (and administrators): anyone who may change a page of the site."""
    return any(
        user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
        for model in DRAFTABLE
    )
