"""Public gallery pages and the rendition route: consent gating, filters, pagination, queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gallery import services
from gallery.models import Case, PhotoConsent, PhotoPair
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

INDEX = reverse("gallery:index")
HIDDEN_STATES = [
    {"consent": None},
    {"consent": "expired"},
    {"consent": "revoked"},
    {"consent": "office"},
    {"consent": "future"},
    {"published": False},
    {"pairs": 0},
]
HIDDEN_IDS = [
    "no-consent",
    "expired",
    "revoked",
    "office-only",
    "signed-in-future",
    "unpublished",
    "no-photos",
]


def image_urls(case):
    return [
        r.url
        for pair in case.pairs.all()
        for photo in (pair.before, pair.after)
        for r in photo.renditions.all()
    ]


# --- Consent gating --------------------------------------------------------------------------


def test_public_case_page_and_images_are_served(client, make_case, procedures):
    case = make_case(real_files=True, procedures=[procedures["smile"]])
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    urls = image_urls(case)
    assert urls and all(url in page.content.decode() for url in urls)
    response = client.get(urls[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-cache"  # kept, but asked about every time
    assert response["ETag"] and response["Last-Modified"]
    body = b"".join(response.streaming_content)
    assert body[:4] == b"RIFF" and body[8:12] == b"WEBP"


def test_a_case_number_written_with_leading_zeros_leads_to_its_one_address(
    client, make_case, procedures
):
    case = make_case(procedures=[procedures["smile"]])
    canonical = case.get_absolute_url()
    padded = reverse("gallery:detail", kwargs={"number": case.number}).replace(
        "patient-", "patient-00"
    )
    response = client.get(padded)
    assert response.status_code == 301
    assert response["Location"] == canonical
    assert client.get(canonical).status_code == 200


@pytest.mark.parametrize("state", HIDDEN_STATES, ids=HIDDEN_IDS)
def test_case_without_active_consent_or_publication_is_a_404_everywhere(client, make_case, state):
    kwargs = {"real_files": True, **state}
    case = make_case(**kwargs)
    assert client.get(case.get_absolute_url()).status_code == 404
    for url in image_urls(case):
        assert client.get(url).status_code == 404
    assert case.title not in client.get(INDEX).content.decode()
    assert not Case.objects.public().filter(pk=case.pk).exists()


def test_consent_is_active_through_its_last_day(client, make_case):
    case = make_case(consent=None)
    PhotoConsent.objects.create(
        case=case,
        signed_on=timezone.localdate() - timedelta(days=9),
        expires_on=timezone.localdate(),
    )
    assert client.get(case.get_absolute_url()).status_code == 200


def test_revoking_consent_takes_page_and_images_down_at_once(client, make_case):
    case = make_case(real_files=True)
    url = image_urls(case)[0]
    assert client.get(url).status_code == 200
    assert services.record_consent_revocation([case]) == 1
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(url).status_code == 404
    consent = case.consents.get()
    assert consent.revoked_on == timezone.localdate()
    case.refresh_from_db()
    assert case.is_published is False


def test_a_withdrawal_recorded_on_the_newest_consent_takes_the_case_down(client, make_case):
    """Staff record the withdrawal on the consent the patient signed last; an older consent
    without an end date must not keep the photos on the site."""
    today = timezone.localdate()
    case = make_case(real_files=True)  # consent signed 30 days ago, no end date
    renewal = PhotoConsent.objects.create(case=case, signed_on=today - timedelta(days=2))
    url = image_urls(case)[0]
    assert client.get(url).status_code == 200
    renewal.revoked_on = today
    renewal.full_clean()
    renewal.save()
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(url).status_code == 404
    assert Case.objects.with_consent_status().get().consent_status == "revoked"


def test_a_returning_visitor_revalidates_304_while_public_404_after_revocation(client, make_case):
    case = make_case(real_files=True)
    url = image_urls(case)[0]
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]

    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304 and not again.content
    assert again["ETag"] == etag and again["Cache-Control"] == "private, no-cache"
    assert again["X-Content-Type-Options"] == "nosniff"
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200

    services.record_consent_revocation([case])
    assert client.get(url, headers={"if-none-match": etag}).status_code == 404
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 404


def test_each_rendition_has_its_own_validator(client, make_case):
    case = make_case(real_files=True)
    etags = {client.get(url)["ETag"] for url in image_urls(case)}
    assert len(etags) == len(image_urls(case)) > 1


def test_staff_previews_of_hidden_photos_are_never_kept_or_revalidated(admin_client, make_case):
    case = make_case(consent="revoked", real_files=True)
    response = admin_client.get(image_urls(case)[0])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store" and "ETag" not in response


def test_a_new_consent_after_a_revocation_needs_republishing(client, make_case):
    today = timezone.localdate()
    case = make_case(consent=None)
    PhotoConsent.objects.create(
        case=case, signed_on=today - timedelta(days=30), revoked_on=today - timedelta(days=20)
    )
    PhotoConsent.objects.create(case=case, signed_on=today - timedelta(days=10))
    assert client.get(case.get_absolute_url()).status_code == 200  # consented again since
    services.record_consent_revocation([case], on=today - timedelta(days=5))
    again = PhotoConsent.objects.create(case=case, signed_on=today)
    assert PhotoConsent.objects.active().get() == again
    assert client.get(case.get_absolute_url()).status_code == 404  # unpublished by the action


def test_staff_see_hidden_case_images_uncached_others_do_not(
    client, admin_client, staff_user, make_case, verified_login
):
    case = make_case(consent="revoked", real_files=True)
    url = image_urls(case)[0]
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    verified_login(client, staff_user)  # staff, but without permission to view gallery cases
    assert client.get(url).status_code == 404


def test_unknown_keys_and_widths_are_404(client, make_case):
    case = make_case(real_files=True)
    photo = case.pairs.get().before
    assert client.get(reverse("gallery:image", args=["0" * 32, 320])).status_code == 404
    assert client.get(reverse("gallery:image", args=[photo.key, 321])).status_code == 404
    assert client.get(f"/gallery/photos/{photo.key}/320.jpg").status_code == 404
    assert client.post(reverse("gallery:image", args=[photo.key, 320])).status_code == 405


def test_media_root_is_not_served(client, make_case):
    case = make_case(real_files=True)
    name = case.pairs.get().before.renditions.first().file.name
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/{name}").status_code == 404


# --- The gallery page ------------------------------------------------------------------------


def test_gallery_lists_public_cases_with_responsive_lazy_images_and_the_notice(client, make_case):
    cases = [make_case(title=f"Case {i:02d}", order=i) for i in range(5)]
    html = client.get(INDEX).content.decode()
    assert "These photos show the results of surgery and other treatments" in html
    for case in cases:
        assert case.title in html and case.get_absolute_url() in html
    imgs = re.findall(r"<img [^>]*>", html)
    assert len(imgs) == 10
    for img in imgs:
        for attribute in ("srcset=", "sizes=", "width=", "height=", 'alt="'):
            assert attribute in img
    loading = [re.search(r'loading="(\w+)"', img).group(1) for img in imgs]
    assert loading == ["eager"] * 6 + ["lazy"] * 4  # the first row loads at once


def test_filter_by_group_and_procedure(client, make_case, procedures):
    smile = make_case(title="Smile case", procedures=[procedures["smile"]])
    brow = make_case(title="Brow case", procedures=[procedures["brow"]])
    both = make_case(
        title="Eye and sling case", procedures=[procedures["eye"], procedures["sling"]]
    )

    def titles(**params):
        return [c.title for c in client.get(INDEX, params).context["cases"]]

    assert sorted(titles()) == sorted([smile.title, brow.title, both.title])
    assert sorted(titles(group="facial-reanimation")) == sorted([smile.title, both.title])
    assert sorted(titles(group="cosmetic")) == sorted([brow.title, both.title])
    assert titles(procedure="cosmetic/brow-lift") == [brow.title]
    eye = "facial-reanimation/eye-closure-restoration"
    assert titles(group="cosmetic", procedure=eye) == [both.title]
    assert titles(group="facial-reanimation", procedure="cosmetic/brow-lift") == []


def test_a_treatments_link_shows_its_own_cases_when_another_group_uses_its_slug(
    client, make_case, make_procedure, procedures
):
    brow = procedures["brow"]
    namesake = make_procedure(
        "Paralytic brow lift", group=procedures["smile"].group, slug=brow.slug
    )
    make_case(title="Cosmetic brow case", procedures=[brow])
    make_case(title="Paralytic brow case", procedures=[namesake])
    both = ((brow, namesake, "Cosmetic brow case"), (namesake, brow, "Paralytic brow case"))
    for treatment, other, title in both:
        response = client.get(INDEX, {"procedure": treatment.filter_key})
        assert [c.title for c in response.context["cases"]] == [title]
        assert response.context["selected"] == treatment
        html = response.content.decode()
        assert f'<option value="{treatment.filter_key}" selected>' in html
        assert f'<option value="{other.filter_key}">' in html


def test_a_link_from_before_the_group_was_named_is_sent_on_for_good(client, make_case, procedures):
    make_case(procedures=[procedures["brow"]])
    response = client.get(INDEX, {"group": "cosmetic", "procedure": "brow-lift"})
    assert response.status_code == 301
    assert response["Location"] == f"{INDEX}?group=cosmetic&procedure=cosmetic%2Fbrow-lift"
    assert client.get(INDEX, {"procedure": "brow-lift\x00"}).status_code == 200


def test_filter_offers_only_treatments_with_public_cases(client, make_case, procedures):
    make_case(procedures=[procedures["smile"], procedures["draft"]])
    make_case(procedures=[procedures["brow"]], consent="revoked")
    form = client.get(INDEX).context["filter_form"]
    group_values = [value for value, _ in form.fields["group"].choices]
    assert group_values == ["", "facial-reanimation"]
    offered = [key for _, options in form.fields["procedure"].choices[1:] for key, _ in options]
    assert offered == ["facial-reanimation/smile-reanimation"]


def test_unknown_filter_value_shows_everything_with_a_note(client, make_case, procedures):
    make_case(procedures=[procedures["smile"]])
    response = client.get(INDEX, {"procedure": "no-such-thing"})
    assert response.status_code == 200
    assert len(response.context["cases"]) == 1
    assert "so all cases are shown" in response.content.decode()


def test_an_unknown_procedure_with_a_known_group_says_the_group_is_shown(
    client, make_case, procedures
):
    make_case(procedures=[procedures["smile"]])
    make_case(procedures=[procedures["brow"]])
    response = client.get(INDEX, {"group": "cosmetic", "procedure": "no-such-thing"})
    assert len(response.context["cases"]) == 1
    html = response.content.decode()
    assert "so all cases for Cosmetic and balancing procedures are shown" in html
    assert "so all cases are shown" not in html


def test_pagination_twelve_a_page_keeping_the_filter(client, make_case, procedures):
    for i in range(13):
        make_case(title=f"Case {i:02d}", order=i, procedures=[procedures["smile"]])
    make_case(title="Other", order=99, procedures=[procedures["brow"]])
    smile = "facial-reanimation/smile-reanimation"
    first = client.get(INDEX, {"procedure": smile})
    assert len(first.context["cases"]) == 12
    html = first.content.decode()
    assert "Cases 1 to 12 of 13" in html
    assert "?procedure=facial-reanimation%2Fsmile-reanimation&amp;page=2" in html
    next_link = (
        r'<link rel="next" href="http[^"]+/gallery/'
        r'\?procedure=facial-reanimation%2Fsmile-reanimation&amp;page=2">'
    )
    assert re.search(next_link, html)
    second = client.get(INDEX, {"procedure": smile, "page": 2})
    assert [c.title for c in second.context["cases"]] == ["Case 12"]
    second_html = second.content.decode()
    assert re.search(
        r'<link rel="prev" href="http[^"]+/gallery/'
        r'\?procedure=facial-reanimation%2Fsmile-reanimation">',
        second_html,
    )
    assert 'rel="next"' not in second_html
    assert client.get(INDEX, {"page": 3}).status_code == 404


def test_gallery_runs_the_same_number_of_queries_for_3_and_15_cases(client, make_case, procedures):
    """3 cases on the page, then a full page of 12 and a second page: a query per case would
    show as nine more."""

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INDEX, {"group": "facial-reanimation"})
            assert response.status_code == 200
        return len(queries), len(response.context["cases"])

    for _ in range(3):
        make_case(procedures=[procedures["smile"], procedures["brow"]], pairs=2)
    with_3, shown = count()
    assert shown == 3
    for _ in range(12):
        make_case(procedures=[procedures["eye"]], pairs=2)
    with_15, shown = count()
    assert shown == 12
    assert with_3 == with_15
    assert with_15 <= 10


def test_gallery_cards_read_only_the_pair_they_show(client, make_case, procedures):
    """A case with many photo pairs costs a card no more rows than a case with one."""
    many = make_case(procedures=[procedures["smile"]], pairs=6)
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=PhotoPair)
    try:
        response = client.get(INDEX)
    finally:
        post_init.disconnect(count, sender=PhotoPair)
    first = many.pairs.order_by("order", "id").first()
    assert [pair.pk for pair in loaded] == [first.pk]
    assert first.before_alt in response.content.decode()


def test_the_filter_brings_its_results_into_view(client, make_case, procedures):
    """On a phone the results are a screen below the introduction: a sent filter opens the page
    at the filter (its results just below), not at the top, where nothing seems to change."""
    make_case(procedures=[procedures["smile"]])
    html = client.get(INDEX).content.decode()
    assert html.count('id="case-filter"') == 1
    assert 'id="case-filter" method="get" action="/gallery/#case-filter"' in html


def test_empty_gallery_says_so(client, db):
    assert "Our gallery is being prepared" in client.get(INDEX).content.decode()


# --- The case page ---------------------------------------------------------------------------


def test_case_page_shows_every_pair_details_procedure_links_and_the_cta(
    client, make_case, procedures
):
    case = make_case(
        pairs=3,
        procedures=[procedures["smile"], procedures["draft"]],
        age_range="30-44",
        sex="female",
        time_since_surgery="14 months after surgery",
        photos_altered=True,
        alteration_details="Background lightened",
    )
    response = client.get(case.get_absolute_url())
    html = response.content.decode()
    assert f"Patient {case.number}" in html
    for pair in case.pairs.all():
        assert pair.label in html and pair.before_alt in html and pair.after_alt in html
    assert html.count('class="compare"') == 3
    assert procedures["smile"].get_absolute_url() in html
    assert "Facelift" not in html  # a draft procedure is neither named nor linked
    assert "30 to 44" in html and "Female" in html and "14 months after surgery" in html
    assert "Altered beyond cropping: Background lightened" in html
    assert f"?procedure={procedures['smile'].pk}" in html  # the consultation call to action
    assert "js/gallery-compare.js" in html
    assert "<script>" not in html and 'style="' not in html


def test_case_page_query_count_does_not_grow_with_pairs(
    client, make_case, django_assert_max_num_queries
):
    case = make_case(pairs=3)
    with django_assert_max_num_queries(6):
        client.get(case.get_absolute_url())


def test_case_numbers_are_random_and_unique(make_case):
    numbers = {make_case().number for _ in range(30)}
    assert len(numbers) == 30
    assert all(1000 <= n <= 9999 for n in numbers)
    assert numbers != set(range(min(numbers), min(numbers) + 30))


def test_sitemap_lists_the_gallery_and_public_cases_only(client, make_case):
    shown = make_case()
    hidden = make_case(consent="expired")
    xml = sitemap_xml(client)
    assert "/gallery/</loc>" in xml
    assert shown.get_absolute_url() in xml
    assert hidden.get_absolute_url() not in xml


def test_consent_status_and_active_are_one_rule(make_case):
    """Every state a consent can be in, on the boundary days too: `active()` holds exactly the
    website consents whose status is active. Each state is one case's consent, next to the
    case's other consents."""
    today = timezone.localdate()
    day = timedelta(days=1)
    office = PhotoConsent.Scope.OFFICE
    states = {
        "signed today": ({"signed_on": today}, [], "active"),
        "ends today": ({"signed_on": today - day, "expires_on": today}, [], "active"),
        "ended yesterday": (
            {"signed_on": today - 9 * day, "expires_on": today - day},
            [],
            "expired",
        ),
        "signed tomorrow": ({"signed_on": today + day}, [], "not_yet"),
        "revoked today": ({"signed_on": today - day, "revoked_on": today}, [], "revoked"),
        "revoked and ended": (
            {"signed_on": today - 9 * day, "expires_on": today - day, "revoked_on": today - day},
            [],
            "revoked",
        ),
        "office": ({"signed_on": today, "scope": office}, [], "active"),
        # A withdrawal recorded on a renewed consent ends the older one too.
        "older than a revoked renewal": (
            {"signed_on": today - 30 * day},
            [{"signed_on": today - 2 * day, "revoked_on": today}],
            "revoked",
        ),
        "signed on the day of a withdrawal": (
            {"signed_on": today},
            [{"signed_on": today - 30 * day, "revoked_on": today}],
            "revoked",
        ),
        "signed after a withdrawal": (
            {"signed_on": today},
            [{"signed_on": today - 30 * day, "revoked_on": today - day}],
            "active",
        ),
        "beside a revoked office consent": (
            {"signed_on": today - day},
            [{"signed_on": today - 9 * day, "revoked_on": today, "scope": office}],
            "active",
        ),
    }
    for label, (fields, others, _) in states.items():
        case = make_case(consent=None)
        for other in others:
            PhotoConsent.objects.create(case=case, **other)
        PhotoConsent.objects.create(case=case, form_reference=label, **fields)
    labelled = PhotoConsent.objects.filter(form_reference__in=states)
    statuses = dict(labelled.with_status().values_list("form_reference", "status"))
    assert statuses == {label: status for label, (_, _, status) in states.items()}
    active = set(labelled.active().values_list("form_reference", flat=True))
    assert active == {"signed today", "ends today", "signed after a withdrawal"} | {
        "beside a revoked office consent"
    }  # not the office-only one
