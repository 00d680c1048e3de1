import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """Render `data` as a JSON-LD block. It is data, not script, so the CSP does not block it."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def practice_jsonld(context):
    """`MedicalClinic` and the surgeon as `IndividualPhysician`, from what the footer shows."""
    practice = context["practice"]
    site_url = context["site_url"]
    if not practice.pk:
        return ""
    address = {
        "@type": "PostalAddress",
        "streetAddress": practice.street_address,
        "addressLocality": practice.locality,
        "addressRegion": practice.region,
        "postalCode": practice.postal_code,
        "addressCountry": "US",
    }
    address = {k: v for k, v in address.items() if v}
    clinic = {
        "@type": "MedicalClinic",
        "@id": f"{site_url}/#clinic",
        "name": practice.practice_name,
        "url": f"{site_url}/",
        "telephone": practice.phone_e164 or practice.phone,
        "address": address,
        "medicalSpecialty": "https://schema.org/PlasticSurgery",
    }
    physician = {
        # Since schema.org 24 a Physician is an organisation; a person is an IndividualPhysician.
        "@type": "IndividualPhysician",
        "@id": f"{site_url}/about/#surgeon",
        "name": practice.surgeon_display_name,
        "url": f"{site_url}/about/",
        "telephone": practice.phone_e164 or practice.phone,
        "address": address,
        "medicalSpecialty": "https://schema.org/PlasticSurgery",
        "practicesAt": {"@id": clinic["@id"]},
    }
    if practice.short_bio:
        physician["description"] = practice.short_bio
    return jsonld({"@context": "https://schema.org", "@graph": [clinic, physician]})
