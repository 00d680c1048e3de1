"""How the staff inbox and the access log list rows: their filters, their count, their wording,
and what the search finds."""

import re

import phonenumbers
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR, ChangeList
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from procedures.admin_ui import ChoicesFilter
from procedures.model_fields import row_id
from procedures.models import Procedure

from . import services
from .models import NOT_SURE, PHONE_EXTENSION


class CappedPaginator(Paginator):
    """Counts rows up to `cap` + 1 and no further; past that, the list says "more than `cap`"."""

    def __init__(self, object_list, per_page, *, cap, known_count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.known_count = known_count

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        # Unordered: any cap + 1 rows will do, and following the list's order index row by row
        # costs more than reading the table (66 ms against 11 for a search at 100,000 requests).
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self):
        return self.count > self.cap

    @property
    def more_than(self):
        return f"More than {self.cap:,}"


class NarrowingChangeList(ChangeList):
    """When the filters and search keep at most `count_cap` rows, they are named by primary key:
    the page then reads those rows by key, where the database would otherwise walk the whole
    created_at index in the list's order looking for matches (520 ms for a word nobody wrote,
    at 100,000 requests). Finding them counts them too: the paginator takes that count instead
    of scanning again (`rows_found`)."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Each row's link keeps the list's filters. Django works that out row by row, resolving
        # each link's own address (a URL resolve a row, 8 ms a filtered page of 50 at 100,000
        # requests); the query string is the same for every row, so it is added here once.
        self.row_link_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_link_filters}" if self.row_link_filters else url

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if not queryset.query.where:
            return queryset
        cap = self.model_admin.count_cap
        keys = list(queryset.order_by().values_list("pk", flat=True)[: cap + 1])
        narrowed = queryset.filter(pk__in=keys) if len(keys) <= cap else queryset
        narrowed.rows_found = len(keys)  # cap + 1: more than the cap
        return narrowed


class CappedCountMixin:
    """For a ModelAdmin over a table that grows with traffic: a search's count is a LIKE over
    every row (100 ms at 100,000 requests), so counting stops after `count_cap` rows, or after
    the page asked for when staff page further (a bookmark of page 40 still works). Each row's
    checkbox is cheap too: a page of such a list is read many times a day."""

    count_cap = 1000
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a COUNT per filter choice over the whole table

    def get_changelist(self, request, **kwargs):
        return NarrowingChangeList

    def action_checkbox(self, obj):
        # Django's markup, written directly: its widget goes through the form template engine,
        # a fifth of a 50-row page's time.
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # A page no list could reach counts no further than a million pages (and the LIMIT stays
        # within the database's integers); Django then answers with the list and ?e=1.
        page = min(row_id(request.GET.get(PAGE_VAR)) or 1, 10**6)
        cap = max(self.count_cap, page * per_page)
        found = getattr(queryset, "rows_found", None)  # see NarrowingChangeList
        if found is not None and found > self.count_cap and cap > self.count_cap:
            found = None  # a page past the cap: "more than the cap" is not enough to show it
        return CappedPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            cap=cap,
            known_count=found,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and changelist.paginator.capped:
            response.context_data["selection_note_all"] = (
                f"All matching {changelist.opts.verbose_name_plural} selected "
                f"({changelist.paginator.more_than.lower()})"
            )
        return response


class ProcedureFilter(admin.ListFilter):
    """Filter by procedure: a box for part of its name, and "Not sure yet", not a link each.

    A link per procedure grows with the practice (184 KB of links at a hundred times the demo's
    content). The box finds requests by the procedure's title as it was when they arrived, which
    is what the list shows. `procedure__id__exact` still narrows to one procedure (links from
    elsewhere), and `procedure__isnull` to requests that named none (by that title too).
    """

    title = "procedure or concern"
    template = "admin/consultations/procedure_filter.html"
    text_parameter = "procedure"
    id_parameter = "procedure__id__exact"
    none_parameter = "procedure__isnull"
    none_label = NOT_SURE

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name in self.expected_parameters():
            if name in params:
                self.used_parameters[name] = params.pop(name)[-1]
        self.text = self.used_parameters.get(self.text_parameter, "").strip()[:160]
        self.unsure = self.used_parameters.get(self.none_parameter) in ("True", "1")
        asked = self.used_parameters.get(self.id_parameter)
        self.procedure_id = row_id(asked)
        if asked is not None and self.procedure_id is None:
            raise IncorrectLookupParameters(f"{self.id_parameter} must be a number.")

    def expected_parameters(self):
        return [self.text_parameter, self.id_parameter, self.none_parameter]

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        if self.unsure:
            # By the title kept when the request arrived, as the list shows it: a request for a
            # procedure deleted since named one, and is listed under its title.
            queryset = queryset.filter(procedure_title="")
        if self.procedure_id is not None:
            queryset = queryset.filter(procedure_id=self.procedure_id)
        if self.text:
            queryset = queryset.filter(procedure_title__icontains=self.text)
        return queryset

    def choices(self, changelist):
        everything = self.expected_parameters()
        # What the box's form sends along: every other filter and the search, not the page.
        self.kept_parameters = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in everything and name not in (PAGE_VAR, ERROR_FLAG)
            for value in values
        ]
        yield {
            "selected": not (self.unsure or self.procedure_id is not None or self.text),
            "query_string": changelist.get_query_string(remove=everything),
            "display": "All",
        }
        yield {
            "selected": self.unsure,
            "query_string": changelist.get_query_string({self.none_parameter: "True"}, everything),
            "display": self.none_label,
        }
        if self.procedure_id is not None:
            named = Procedure.objects.filter(pk=self.procedure_id)
            title = named.values_list("title", flat=True).first()
            yield {
                "selected": True,
                "query_string": changelist.get_query_string(),
                "display": title or f"Procedure no. {self.procedure_id}",
            }
        if self.text:
            yield {
                "selected": True,
                "query_string": changelist.get_query_string(),
                "display": f"Procedure name contains “{self.text}”",
            }


def list_description(changelist, *, page=True):
    """What a change list shows, in staff's words: its filters (and page) and its search words."""
    filters = []
    for spec in changelist.filter_specs:
        if getattr(spec, "used_parameters", None):
            chosen = [str(c["display"]) for c in spec.choices(changelist) if c["selected"]]
            filters.append(f"{capfirst(spec.title)}: {', '.join(chosen)}")
    if page and changelist.page_num > 1:
        filters.append(f"page {changelist.page_num}")
    return {"filters": "; ".join(filters), "query": changelist.query}


class ReceivedFilter(ChoicesFilter):
    """?received=today|week: the staff home's "received today / this week"; month and year
    stand in for the date hierarchy (a DISTINCT over every request) on the created_at index."""

    title = "received"
    parameter_name = "received"

    def options(self):
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        month, year = midnight.replace(day=1), midnight.replace(month=1, day=1)
        return {
            "today": ("Today", lambda requests: requests.received_today()),
            "week": ("This week (since Monday)", lambda requests: requests.received_this_week()),
            "month": ("This month", lambda requests: requests.filter(created_at__gte=month)),
            "year": ("This year", lambda requests: requests.filter(created_at__gte=year)),
        }


class NeedsAttentionFilter(ChoicesFilter):
    """?attention=waiting|email: what the staff home counts as needing the front desk."""

    title = "needs attention"
    parameter_name = "attention"

    def options(self):
        days = settings.CONSULTATION_REPLY_WORKING_DAYS
        return {
            "waiting": (
                f"New for over {days} working day{pluralize(days)}",
                lambda requests: requests.waiting_for_reply(),
            ),
            "email": ("Staff email not sent", lambda requests: requests.notification_failed()),
        }


def also_found(queryset, search_term):
    """What the inbox search finds besides Django's: names whatever their accents or case, phone
    numbers typed the way people say them (626.555.0142, 555-0142) and references without dashes."""
    found = queryset.none()
    words = services.folded(search_term).split()
    if words:  # names in any alphabet, any case, with or without accents
        found = found | queryset.filter(*(Q(search_name__contains=word) for word in words))
    # Part of a number as staff heard it ("555-0142"): stored numbers are digits. Without the
    # zeros in front: a number in its country's own format starts with a trunk 0 ("020 7946
    # 0958") that the stored international form drops ("+442079460958"), and "00" starts one
    # written internationally ("0044 20 …").
    digits = re.sub(r"[\s().+-]", "", search_term).lstrip("0")
    if len(digits) >= 4 and digits.isdigit():
        found = found | queryset.filter(phone__contains=digits)
    # A reference as a caller reads it out or staff type it, without its dashes: "CR4YVQ5V54",
    # "4yvq5v54" (Django's search finds "CR-4YVQ-5V54" and "4YVQ 5V54" by its words).
    code = re.sub(r"[^0-9A-Za-z]", "", search_term).upper()
    code = code[2:] if len(code) == 10 and code.startswith("CR") else code
    if len(code) == 8:
        found = found | queryset.filter(reference=f"CR-{code[:4]}-{code[4:]}")
    try:
        number = phonenumbers.parse(search_term, "US")
    except phonenumbers.NumberParseException:
        return found
    if phonenumbers.is_possible_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        with_extension = queryset.filter(phone__startswith=f"{e164}{PHONE_EXTENSION}")
        found = found | queryset.filter(phone=e164) | with_extension
    return found
