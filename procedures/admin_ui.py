"""Pieces of the staff admin that every app uses: status badges, list filters, the Markdown editor.

They live in `procedures`, the app every other app may import (ARCHITECTURE.md); their look is in
static/css/admin-staff.css and the editor's behaviour in static/js/admin-markdown.js. What needs
to know every page of the site (the link list, the preview, the broken-link check) is served by
the admin site in practice_site, reached here by URL name or through `admin_site`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.validators import MaxLengthValidator
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

# What a state asks of staff, not a colour; the text always says it too (never colour alone).
TONES = {"good", "info", "waiting", "problem", "quiet"}

MARKDOWN_MAX_CHARACTERS = 50_000


def badge(label, tone="quiet"):
    """A short status word in a coloured pill, e.g. badge("On the site", "good")."""
    if tone not in TONES:
        raise ValueError(f"Unknown badge tone {tone!r}")
    return format_html('<span class="status-badge status-badge--{}">{}</span>', tone, label)


def badges(*pairs):
    """Several badges in one cell: badges(("Draft", "quiet"), ("Review overdue", "problem"))."""
    return format_html_join(" ", "{}", ((badge(label, tone),) for label, tone in pairs if label))


class ChoicesFilter(admin.SimpleListFilter):
    """A list filter written as data: `options()` maps each value of `parameter_name` to its label
    and to what it keeps, e.g. {"today": ("Today", lambda requests: requests.received_today())}."""

    def options(self):
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _) in self.options().items()]

    def queryset(self, request, queryset):
        chosen = self.options().get(self.value())
        return chosen[1](queryset) if chosen else queryset


# Texts are written with typographic apostrophes (’), searches are typed with the keyboard's (').
APOSTROPHES = str.maketrans({"'": "’", "’": "'"})


def action_page(model_admin, request, template, title, **context):
    """The page a list action shows to ask before it changes anything: the admin's frame, the
    model's breadcrumbs, and the selected rows sent back with the answer."""
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": model_admin.opts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


class ApostropheSearchMixin:
    """A search for "Bell's palsy" finds "Bell’s palsy", and the other way round."""

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        other = search_term.translate(APOSTROPHES)
        if other == search_term:
            return found, duplicates
        also, more_duplicates = super().get_search_results(request, queryset, other)
        return found | also, duplicates or more_duplicates


class NamedRowEditsMixin:
    """For a ModelAdmin with list_editable: each box in the list is named after its row ("Order of
    “Brow lift”"), since a column heading is no label for a screen reader (axe: label). A row is
    saved only if its box differs from what the list showed (show_hidden_initial), not from what
    is stored now: a list opened before a colleague's change put the old value back."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class NamedRowForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    label = f"{field.label or ''} of “{self.instance}”".strip()
                    field.widget.attrs["aria-label"] = label[0].upper() + label[1:]
                    field.show_hidden_initial = True

        return NamedRowForm


class OptionalFieldsMixin:
    """A model form whose `optional_fields` may be left empty (its clean methods fill them in),
    though the model requires them."""

    optional_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.optional_fields:
            if name in self.fields:  # not when read-only (a user who may only view)
                self.fields[name].required = False


class WholeTextarea(forms.Textarea):
    """A text box without the browser's maxlength: a browser cuts a pasted text at it without a
    word, and the cut text would be saved. The form's own length check says how long the text
    is instead, and the whole text stays in the box to shorten."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


class MarkdownTextarea(forms.Textarea):
    """A text box for Markdown with a formatting toolbar, a site-page link chooser and a preview
    rendered by the server (the same sanitiser pages use). Without JavaScript it is a plain box.

    `top_level` is the HTML level a "## " heading gets where the text is shown, so the preview
    matches the page (a section body sits under the page's <h2>: its headings are <h3>).
    """

    class Media:
        css = {"all": ["css/admin-markdown.css"]}
        js = ["js/admin-markdown.js"]

    def __init__(self, attrs=None, top_level=2):
        super().__init__({"rows": 12, "cols": 80, **(attrs or {})})
        self.top_level = top_level

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        try:
            preview_url = reverse("admin:markdown_preview")
            pages_url = reverse("admin:markdown_links")
        except NoReverseMatch:  # a form shown outside the staff admin: a plain text box
            return textarea
        return format_html(
            '<div class="md-editor" data-md-editor data-preview-url="{}" data-pages-url="{}" '
            'data-top-level="{}">{}</div>',
            preview_url,
            pages_url,
            self.top_level,
            textarea,
        )


class MarkdownAdminMixin:
    """For a ModelAdmin or inline: the fields named in the model's `markdown_fields` get the
    Markdown editor; after a save, links to pages that do not exist are reported as a warning."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        levels = getattr(db_field.model, "markdown_fields", {})
        if db_field.name not in levels:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        kwargs["widget"] = MarkdownTextarea(top_level=levels[db_field.name])
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A limit far above any page's text, checked on the server only (a maxlength would cut
        # a paste without a word): saving renders the text, and a megabyte pasted by mistake
        # held the database for a minute.
        field.validators.append(
            MaxLengthValidator(
                MARKDOWN_MAX_CHARACTERS,
                "This text has %(show_value)s characters; one box holds at most "
                "%(limit_value)s. Split it into sections, or shorten it.",
            )
        )
        return field

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The admin site (practice_site) knows every page of the site; apps do not import it.
        check = getattr(self.admin_site, "broken_links_of", None)
        if check is None:
            return
        for problem in check(form.instance):
            self.message_user(request, problem, messages.WARNING)
