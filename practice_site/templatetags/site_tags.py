import json
import re

from django import template
from django.template.base import token_kwargs
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list

from ..models.profile import UNNAMED
from ..seo import clinic_id, physician_node

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# The article of an area written for a sentence ("from the Los Angeles area"); a place whose
# name starts with "The" loses it too, which a search engine reads the same way.
THE = re.compile(r"^the\s+", re.IGNORECASE)


@register.filter
def jsonld(data):
    """Render `data` as a JSON-LD block. It is data, not script, so the CSP does not block it."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


def postal_address(location):
    address = {
        "@type": "PostalAddress",
        "streetAddress": ", ".join(location.street_lines),
        "addressLocality": location.locality,
        "addressRegion": location.region,
        "postalCode": location.postal_code,
        "addressCountry": location.country,
    }
    return {k: v for k, v in address.items() if v}


def opening_hours_specification(location):
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{hours.get_day_display()}",
            "opens": hours.opens.strftime("%H:%M"),
            "closes": hours.closes.strftime("%H:%M"),
        }
        for hours in location.hours.all()
        if not hours.closed
    ]


def clinic_node(practice, site_url):
    """The practice as a `MedicalClinic`: where it is, when it is open, its profiles elsewhere."""
    clinic = {
        "@type": "MedicalClinic",
        "@id": clinic_id(),
        "name": practice.practice_name,
        "url": f"{site_url}/",
        "telephone": practice.phone_e164 or practice.phone,
        "medicalSpecialty": "https://schema.org/PlasticSurgery",
        "image": site_url + practice.share_image_url,
    }
    if practice.logo_id:
        clinic["logo"] = site_url + practice.logo_full_url
    if practice.email:
        clinic["email"] = practice.email
    location = practice.main_location if practice.main_location_id else None
    if location is not None:
        clinic["address"] = postal_address(location)
        if location.fax_e164:
            clinic["faxNumber"] = location.fax_e164
        if location.has_geo:
            clinic["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(location.latitude),
                "longitude": float(location.longitude),
            }
        hours = opening_hours_specification(location)
        if hours:
            clinic["openingHoursSpecification"] = hours
        clinic["hasMap"] = [
            f"{site_url}{location.get_absolute_url()}",
            location.map_search_url,
        ]
    if practice.area_list:
        clinic["areaServed"] = [
            {"@type": "AdministrativeArea", "name": THE.sub("", area)}
            for area in practice.area_list
        ]
    links = [link.url for link in practice.links.all()]
    if links:
        clinic["sameAs"] = links
    return clinic


@register.simple_tag(takes_context=True)
def practice_jsonld(context):
    """`MedicalClinic`, and the providers the page lists as `IndividualPhysician`s."""
    practice = context["practice"]
    site_url = context["site_url"]
    if not practice.pk or not practice.practice_name:
        return ""  # a clinic without a name is no valid MedicalClinic: none until it has one
    clinic = clinic_node(practice, site_url)
    physicians = [physician_node(provider) for provider in context.get("providers", [])]
    return jsonld({"@context": "https://schema.org", "@graph": [clinic, *physicians]})


@register.simple_tag(takes_context=True)
def share_meta(context):
    """The Open Graph and Twitter tags that are the same on every page: the site, the page's
    address and the share card (base.html's blocks give the type, title and description)."""
    practice = context["practice"]
    name = practice.practice_name
    alt = f"{practice.display_name}{f', {practice.city}' if practice.city else ''}"
    tags = [
        ("property", "og:site_name", name),
        ("property", "og:url", context["canonical_url"]),
        ("property", "og:locale", "en_US"),
        ("property", "og:image", context["site_url"] + practice.share_image_url),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "630"),
        ("property", "og:image:alt", alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:image:alt", alt),
    ]
    return format_html_join("\n  ", '<meta {}="{}" content="{}">', tags)


class SectionNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist, self.options = nodelist, options

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        extra = {
            name: f" {options[name]}" if options.get(name) else ""
            for name in ("class", "container")
        }
        return format_html(
            '<section class="section{}" aria-labelledby="{}">\n  <div class="container{}">\n'
            '    <h2 id="{}" class="section__title">{}</h2>{}  </div>\n</section>',
            extra["class"],
            options["id"],
            extra["container"],
            options["id"],
            options["title"],
            self.nodelist.render(context),
        )


@register.tag
def section(parser, token):
    """{% section id="…" title="…" class="section--tinted" container="narrow" %}…{% endsection %}:
    a section of a page, labelled by its heading (the heading's id and the label always agree)."""
    bits = token.split_contents()
    options = token_kwargs(bits[1:], parser)
    if len(bits) != len(options) + 1 or not {"id", "title"} <= options.keys():
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes id=, title= and optional class=, container="
        )
    nodelist = parser.parse(("endsection",))
    parser.delete_first_token()
    return SectionNode(nodelist, options)


# --- Page titles and descriptions ------------------------------------------------------------

# Search results show about 60 characters of a title; the rest is cut off mid-word.
TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 160


def fit_title(title, *, brand="", city="", locality="", keep=""):
    """The longest useful title within TITLE_LIMIT characters.

    With a city (pages people search for by place): "Smile reanimation in Pasadena, CA | Dr.
    Roe", then shorter forms, dropping the state, then the practice's name, before the city.
    `keep` follows the title and is never cut ("(Patient 2957)", "(page 2)"): it is what tells
    two pages apart, so the title is shortened before it instead.
    """
    title = " ".join(str(title).split())
    places = [] if not city or (locality or city).lower() in title.lower() else [city, locality]
    candidates = []
    for place in [p for p in places if p]:
        named = f"{title}{keep} in {place}"
        candidates.append(f"{named} | {brand}" if brand else named)
    for place in [p for p in places if p]:
        candidates.append(f"{title}{keep} in {place}")
    candidates += [f"{title}{keep} | {brand}" if brand else f"{title}{keep}", f"{title}{keep}"]
    for candidate in candidates:
        if len(candidate) <= TITLE_LIMIT:
            return candidate
    return shorten(title, TITLE_LIMIT - len(keep)) + keep


def shorten(text, limit):
    """`text` within `limit` characters, cut after a whole word with "…" if it must be."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return f"{cut}…"


@register.filter
def fit_description(text):
    """A search description within DESCRIPTION_LIMIT, never cut inside a word."""
    return shorten(" ".join(str(text).split()), DESCRIPTION_LIMIT)


@register.simple_tag(takes_context=True)
def page_title(context, title, local=False, detail="", note="", page=1, search_title=""):
    """The page's <title>: `title` (or the `search_title` staff wrote for it; then ": detail",
    " (note)", " (page n)"), the city where it helps (`local=True`), then the practice's name,
    all within TITLE_LIMIT."""
    title = search_title or title or UNNAMED
    title = f"{title}: {detail}" if detail else str(title)
    keep = f" ({note})" if note else ""
    if str(page).isdigit() and int(page) > 1:
        keep += f" (page {page})"
    practice = context.get("practice")
    if practice is None:
        return fit_title(title, keep=keep)
    location = practice.main_location if practice.main_location_id else None
    return fit_title(
        title,
        brand=practice.title_name,
        city=location.city if (local and location) else "",
        locality=location.locality if (local and location) else "",
        keep=keep,
    )


@register.simple_tag(takes_context=True)
def local_description(context, description):
    """`description`, followed by where the practice is when it does not say so and there is
    room: "… In Pasadena, CA, serving the Los Angeles area."."""
    description = " ".join(str(description).split())
    practice = context.get("practice")
    location = practice.main_location if practice and practice.main_location_id else None
    if location is None or not location.locality:
        return description
    if location.locality.lower() in description.lower():
        return description
    areas = [a for a in practice.area_list if a.lower() != location.locality.lower()]
    where = f"In {location.city}" + (f", serving {areas[0]}." if areas else ".")
    joined = f"{description} {where}" if description else where
    return joined if len(joined) <= DESCRIPTION_LIMIT else description


@register.filter
def join_and(items):
    """["a", "b", "c"] → "a, b and c"."""
    return get_text_list(list(items), "and")


def _page_url(request, number):
    """This page's address at page `number`: page 1 is the address without `page`, so that it
    has one URL; other parameters (a gallery filter) are kept."""
    query = request.GET.copy()
    query.pop("page", None)
    if number > 1:
        query["page"] = number
    return f"{request.path}?{query.urlencode()}" if query else request.path


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj, label):
    """Numbered links to the pages of a list: real links a crawler follows, the current page
    marked for screen readers, long runs of pages elided around the current one."""
    request, paginator = context["request"], page_obj.paginator
    pages = []
    for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1):
        if number == paginator.ELLIPSIS:
            pages.append({"gap": True})
        else:
            pages.append(
                {
                    "number": number,
                    "url": _page_url(request, number),
                    "current": number == page_obj.number,
                }
            )
    return {
        "label": label,
        "page_obj": page_obj,
        "pages": pages,
        "previous_url": (
            _page_url(request, page_obj.previous_page_number()) if page_obj.has_previous() else ""
        ),
        "next_url": _page_url(request, page_obj.next_page_number()) if page_obj.has_next() else "",
    }


@register.simple_tag(takes_context=True)
def page_links(context, page_obj):
    """`<link rel=prev/next>` in the head of a page of a list, for crawlers that read them
    (base.html asks on every page; a page that is not part of a list has no page_obj)."""
    if not page_obj or page_obj.paginator.num_pages < 2:
        return ""
    request, site_url = context["request"], context["site_url"]
    links = []
    if page_obj.has_previous():
        links.append(("prev", site_url + _page_url(request, page_obj.previous_page_number())))
    if page_obj.has_next():
        links.append(("next", site_url + _page_url(request, page_obj.next_page_number())))
    return format_html_join("\n  ", '<link rel="{}" href="{}">', links)
