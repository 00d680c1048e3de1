"""Where the practice is: locations with structured hours, the contact page and the footer."""

import re
from datetime import date, time
from io import BytesIO

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from practice_site.models import Location, OpeningHours, PracticeProfile, ProfileLink
from tests.admin_forms import admin_form_data
from tests.drafts.helpers import change_form_data, change_url
from tests.html import page_html
from tests.schemaorg import jsonld_blocks, validate

pytestmark = pytest.mark.django_db

# 2026-12-07 is a Monday: the week's dates by ISO day number.
WEEK = {day: date(2026, 12, 6 + day) for day in range(1, 8)}
ADDRESS = {
    "street_address": "1 Example Street",
    "locality": "Pasadena",
    "region": "CA",
    "postal_code": "91101",
}


@pytest.fixture
def on_day(monkeypatch):
    """on_day(n): the practice's local date becomes a day with ISO weekday n."""

    def travel(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: WEEK[day])

    return travel


def clinic(html):
    for block in jsonld_blocks(html):
        for node in block.get("@graph", [block]):
            if node.get("@type") == "MedicalClinic":
                return block, node
    raise AssertionError("no MedicalClinic on the page")


def test_the_footer_of_every_page_gives_the_full_address_and_todays_hours(client, practice, on_day):
    on_day(2)
    for name in ("pages:home", "pages:contact", "procedures:index", "gallery:index"):
        html = client.get(reverse(name)).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert "100 West Sample Street<br>" in footer
        assert "Suite 200<br>" in footer and "Pasadena, CA 91101" in footer
        assert "Today (Tuesday): <strong>9 am – 5 pm</strong>" in footer
    on_day(7)
    html = client.get(reverse("pages:home")).content.decode()
    assert "Today (Sunday): <strong>closed</strong>" in html


def test_the_page_cache_gives_the_next_day_its_own_hours(client, practice, on_day, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    on_day(5)
    assert "Today (Friday): <strong>9 am – 5 pm" in client.get("/").content.decode()
    on_day(6)  # midnight passes; nothing was edited
    assert "Today (Saturday): <strong>closed" in client.get("/").content.decode()


def test_every_page_reads_the_address_and_todays_hours_in_the_profiles_one_query(client, practice):
    with CaptureQueriesContext(connection) as with_location:
        assert "Today (" in client.get(reverse("pages:terms")).content.decode()
    PracticeProfile.objects.update(main_location=None)
    with CaptureQueriesContext(connection) as without:
        assert "Today (" not in client.get(reverse("pages:terms")).content.decode()
    assert len(with_location) == len(without)


def test_the_contact_page_has_address_directions_hours_and_getting_here(client, practice, on_day):
    on_day(3)
    html = page_html(client, reverse("pages:contact"))
    assert '<h1 class="page-header__title">Visit us in Pasadena</h1>' in html
    assert (
        "We see patients from Pasadena, the Los Angeles area, the San Gabriel Valley and " in html
    )
    assert "Sample location:" in html  # the demo location says its details are samples
    assert 'href="tel:+16267656885"' in html
    destination = "100+West+Sample+Street%2C+Pasadena%2C+CA+91101%2C+US"
    assert f'href="https://maps.apple.com/?daddr={destination}"' in html
    assert f'href="https://www.google.com/maps/dir/?api=1&amp;destination={destination}"' in html
    rows = re.findall(r"<tr( class=\"hours__today\")?>\s*<th scope=\"row\">(\w+)", html)
    assert [day for _, day in rows] == [label for _, label in OpeningHours.Day.choices]
    assert [day for today, day in rows if today] == ["Wednesday"]
    assert "Closed on public holidays." in html
    assert "Parking and access" in html and "By train or bus" in html
    assert "Metro A Line" in html
    # Nothing on the page comes from another host: links only, no src.
    assert not re.search(r'src="https?://', html)


def test_the_contact_page_lists_every_published_location_main_first(client, practice):
    other = Location.objects.create(name="Arcadia clinic", order=0, **ADDRESS)
    Location.objects.create(name="Closed branch", is_published=False, **ADDRESS)
    html = client.get(reverse("pages:contact")).content.decode()
    assert html.index("Pasadena office</h2>") < html.index("Arcadia clinic</h2>")
    assert f'id="location-{other.pk}"' in html
    assert "Closed branch" not in html


def test_the_clinics_structured_data_is_complete_and_valid(client, practice):
    ProfileLink.objects.create(
        profile=practice, kind="healthgrades", url="https://www.healthgrades.com/example"
    )
    ProfileLink.objects.create(profile=practice, kind="youtube", url="https://youtube.com/@x")
    for name in ("pages:home", "pages:contact"):
        block, node = clinic(client.get(reverse(name)).content.decode())
        assert validate(block) == []
        assert node["address"] == {
            "@type": "PostalAddress",
            "streetAddress": "100 West Sample Street, Suite 200",
            "addressLocality": "Pasadena",
            "addressRegion": "CA",
            "postalCode": "91101",
            "addressCountry": "US",
        }
        assert node["geo"] == {
            "@type": "GeoCoordinates",
            "latitude": 34.1478,
            "longitude": -118.1437,
        }
        assert node["openingHoursSpecification"][0] == {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Monday",
            "opens": "09:00",
            "closes": "17:00",
        }
        assert len(node["openingHoursSpecification"]) == 5  # closed days are left out
        assert node["hasMap"][0].endswith(f"/contact/#location-{practice.main_location_id}")
        # "the Los Angeles area" as the contact page's sentence has it; a name has no article.
        assert {"@type": "AdministrativeArea", "name": "Los Angeles area"} in node["areaServed"]
        assert node["sameAs"] == [
            "https://www.healthgrades.com/example",
            "https://youtube.com/@x",
        ]
        assert node["telephone"] == "+16267656885"
        assert re.match(r"^http://127.0.0.1:8000/share-card.png\?v=\w+$", node["image"])


def test_the_first_location_added_in_the_admin_becomes_the_main_one(admin_client, db):
    PracticeProfile.objects.create(practice_name="P", phone="(626) 765-6885")
    page = admin_client.get(reverse("admin:practice_site_location_add"))
    days = re.findall(
        r'name="hours-(\d)-day".*?<option value="(\d)" selected', page.content.decode(), re.S
    )
    assert [int(day) for _, day in days] == list(range(1, 8))  # Monday to Sunday, ready to fill
    data = {
        "name": "Pasadena office",
        **ADDRESS,
        "country": "US",
        "is_published": "on",
        "order": "0",
        "hours-TOTAL_FORMS": "2",
        "hours-INITIAL_FORMS": "0",
        "hours-0-day": "1",
        "hours-0-opens": "8:30",
        "hours-0-closes": "16:00",
        "hours-1-day": "7",
        "hours-1-closed": "on",
    }
    response = admin_client.post(reverse("admin:practice_site_location_add"), data)
    assert response.status_code == 302, response.context["errors"]
    location = Location.objects.get()
    assert PracticeProfile.objects.get().main_location == location
    assert [str(h) for h in location.hours.all()] == ["Monday: 8:30 am – 4 pm", "Sunday: Closed"]


@pytest.mark.parametrize("kept_days", [[1, 2, 3, 4, 5], []])
def test_a_location_with_days_left_out_saves_as_a_browser_posts_it(
    admin_client, practice, kept_days
):
    """The hours' heading says a day left out shows as closed: the rows the form fills in with
    those days, left as they are, must not stop the save."""
    location = practice.main_location
    location.hours.exclude(day__in=kept_days).delete()
    data = change_form_data(admin_client, location)
    assert data["hours-TOTAL_FORMS"] == "7"
    data["parking"] = "Free parking behind the building."
    response = admin_client.post(change_url(location), data)
    assert response.status_code == 302, response.context["errors"]
    location.refresh_from_db()
    assert location.parking == "Free parking behind the building."
    assert sorted(location.hours.values_list("day", flat=True)) == kept_days


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"opens": "9:00", "closes": "17:00", "closed": "on"}, "either closed or has hours"),
        ({"opens": "17:00", "closes": "9:00"}, "closing time must be after the opening time"),
        ({"opens": "9:00"}, "Give both times"),
    ],
)
def test_hours_that_make_no_sense_are_refused(admin_client, practice, row, message):
    location = practice.main_location
    url = reverse("admin:practice_site_location_change", args=[location.pk])
    data = admin_form_data(admin_client.get(url))
    data.pop("hours-0-opens")
    data.pop("hours-0-closes")
    data.update({f"hours-0-{key}": value for key, value in row.items()})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Constraint" not in html  # the database's own check, in its own words
    assert location.hours.get(day=1).opens == time(9)


def test_hours_are_read_as_staff_type_them(admin_client, practice):
    location = practice.main_location
    url = reverse("admin:practice_site_location_change", args=[location.pk])
    data = admin_form_data(admin_client.get(url))
    typed = [("9 a.m.", "1:00 PM"), ("10am", "14:00"), ("8:30 am", "5:30pm")]
    for row, (opens, closes) in enumerate(typed):
        data.update({f"hours-{row}-opens": opens, f"hours-{row}-closes": closes})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    stored = list(location.hours.order_by("day").values_list("opens", "closes")[:3])
    assert stored == [(time(9), time(13)), (time(10), time(14)), (time(8, 30), time(17, 30))]


def test_a_time_that_cannot_be_read_gets_one_message_saying_what_to_type(admin_client, practice):
    location = practice.main_location
    url = reverse("admin:practice_site_location_change", args=[location.pk])
    data = admin_form_data(admin_client.get(url))
    data.update({"hours-0-opens": "9:00", "hours-0-closes": "half five"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    hours = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "hours"
    )
    assert hours.errors[0] == {"closes": ["Enter a time such as 9:00, 17:30 or 5:30 pm."]}
    assert location.hours.get(day=1).closes == time(17)


def test_a_day_listed_twice_is_named_and_nothing_is_saved(admin_client, practice):
    location = practice.main_location
    url = reverse("admin:practice_site_location_change", args=[location.pk])
    data = admin_form_data(admin_client.get(url))
    assert (data["hours-2-day"], data["hours-3-day"]) == ("3", "4")  # Wednesday, Thursday
    data.update({"hours-2-day": "4", "hours-2-opens": "7:00"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thursday is listed twice" in html
    assert "duplicate" not in html  # Django's own words, which name no day
    hours = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "hours"
    )
    # On the row changed to Thursday (Wednesday's), not on Thursday's own, left as it was.
    assert [bool(form.errors) for form in hours.forms[2:4]] == [True, False]
    assert location.hours.get(day=3).opens == time(9)
    assert location.hours.filter(day=4).count() == 1


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("call us", "“call us” is not a telephone number"),
        ("(626) 765-688", "cannot be dialled: it has too few digits"),
        ("+1 999 123 4567", "(999) 123-4567 is not a number in use (check the area code)"),
        ("626 765 68851234", "it has too many digits"),
    ],
)
def test_a_phone_number_that_cannot_be_dialled_is_refused_clearly(
    admin_client, practice, number, message
):
    url = reverse("admin:practice_site_practiceprofile_change", args=[practice.pk])
    data = admin_form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, "phone": number})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PracticeProfile.objects.get().phone == "(626) 765-6885"  # the call links stay

    url = reverse("admin:practice_site_location_change", args=[practice.main_location_id])
    data = admin_form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, "fax": number})
    assert message in response.content.decode()
    assert Location.objects.get().fax == ""


def test_a_fax_number_is_shown_on_the_contact_page_and_in_structured_data(
    admin_client, client, practice
):
    url = reverse("admin:practice_site_location_change", args=[practice.main_location_id])
    data = admin_form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, "fax": "626.765.6886"})
    assert response.status_code == 302
    html = client.get(reverse("pages:contact")).content.decode()
    assert "<dt>Fax</dt><dd>626.765.6886" in html
    assert clinic(html)[1]["faxNumber"] == "+16267656886"


def test_the_old_address_and_hours_move_into_the_main_location_and_back(migrate_to):
    graph = MigrationExecutor(connection).loader.graph
    (create,) = [
        key for key in graph.nodes if key[0] == "practice_site" and key[1].endswith("_locations")
    ]
    (before,) = [p.key for p in graph.node_map[create].parents if p.key[0] == "practice_site"]
    (remove,) = [
        key
        for key in graph.nodes
        if key[0] == "practice_site" and key[1].endswith("_remove_profile_address")
    ]
    old = migrate_to([before])
    old.get_model("practice_site", "PracticeProfile").objects.create(
        pk=1,
        practice_name="Practice",
        **({"surgeon_name": "Dr. Roe"} if "surgeon_name" in _fields(old) else {}),
        phone="(626) 765-6885",
        **ADDRESS,
        opening_hours="Monday to Friday: 8:30 am to 5 pm\nClosed at weekends",
    )
    new = migrate_to([remove])
    profile = new.get_model("practice_site", "PracticeProfile").objects.get()
    location = profile.main_location
    assert (location.name, location.country) == ("Pasadena office", "US")
    assert {field: getattr(location, field) for field in ADDRESS} == ADDRESS
    assert location.hours_note == "Monday to Friday: 8:30 am to 5 pm\nClosed at weekends"
    new.get_model("practice_site", "OpeningHours").objects.create(
        location=location, day=1, opens=time(8, 30), closes=time(17)
    )
    back = migrate_to([before])
    profile = back.get_model("practice_site", "PracticeProfile").objects.get()
    assert profile.street_address == "1 Example Street"
    assert profile.opening_hours.startswith("Monday: 08:30–17:00\nMonday to Friday")


def _fields(apps):
    return {f.name for f in apps.get_model("practice_site", "PracticeProfile")._meta.fields}


def test_share_card_is_a_real_png_that_follows_the_profile(client, practice):
    html = client.get(reverse("pages:home")).content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html)[1]
    assert '<meta property="og:locale" content="en_US">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    response = client.get(image.removeprefix("http://127.0.0.1:8000"))
    assert response["Content-Type"] == "image/png"
    with Image.open(BytesIO(response.content)) as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
    practice.practice_name = "Another name"
    practice.save()
    html = client.get(reverse("pages:home")).content.decode()
    assert re.search(r'<meta property="og:image" content="([^"]+)">', html)[1] != image


def test_the_main_location_cannot_be_deleted_and_staff_are_told_what_to_do(admin_client, practice):
    main = practice.main_location
    url = reverse("admin:practice_site_location_delete", args=[main.pk])
    for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "admin:practice_site_location_change", args=[main.pk]
        )
    html = admin_client.get(response["Location"]).content.decode()
    assert "This is the practice's main location: its address is on every page." in html
    assert reverse("admin:practice_site_practiceprofile_change", args=[1]) in html
    assert "permission" not in html.split("messagelist", 1)[1].split("</ul>", 1)[0]
    assert Location.objects.filter(pk=main.pk).exists()
    # Another location still goes as before.
    other = Location.objects.create(
        name="Second", street_address="2 Example St", locality="Arcadia", region="CA",
        postal_code="91006",
    )  # fmt: skip
    delete = reverse("admin:practice_site_location_delete", args=[other.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Location.objects.filter(pk=other.pk).exists()


def test_the_main_location_cannot_be_taken_off_the_site_and_staff_are_told_why(
    admin_client, practice
):
    """Unticked, it left the contact page but stayed in every page's footer and the search
    engines' data, with a link to a map and hours no longer there."""
    main = practice.main_location
    url = reverse("admin:practice_site_location_change", args=[main.pk])
    data = admin_form_data(admin_client.get(url))
    del data["is_published"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is the practice's main location: its address is on every page." in html
    assert "To take it off the site, first choose another main location" in html
    assert Location.objects.get(pk=main.pk).is_published


def test_a_new_location_may_be_added_unpublished_while_there_is_no_main_one(admin_client, db):
    """A location not saved yet is no one's main location, even where the profile has none."""
    PracticeProfile.objects.create(pk=1, practice_name="Example practice")
    data = {"name": "Arcadia office", **ADDRESS, "country": "US", "order": "0"}
    data.update({"hours-TOTAL_FORMS": "0", "hours-INITIAL_FORMS": "0"})
    response = admin_client.post(reverse("admin:practice_site_location_add"), data)
    assert response.status_code == 302, response.context["errors"]
    assert not Location.objects.get().is_published


@pytest.mark.parametrize(
    ("changes", "stored"),
    [
        ({"country": "us", "postal_code": "91101-1234"}, ("US", "91101-1234")),
        ({"postal_code": "9112"}, None),
        ({"postal_code": "911011"}, None),
        ({"country": "GB", "postal_code": "SW1A 1AA"}, ("GB", "SW1A 1AA")),
    ],
    ids=["lower-case country", "four digits", "six digits", "another country"],
)
def test_a_us_zip_code_has_five_digits_and_a_country_code_is_read_in_capitals(
    admin_client, practice, changes, stored
):
    url = reverse("admin:practice_site_location_change", args=[practice.main_location_id])
    data = admin_form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, **changes})
    location = Location.objects.get()
    if stored:
        assert response.status_code == 302
        assert (location.country, location.postal_code) == stored
    else:
        assert response.status_code == 200
        assert "A US ZIP code has five digits, e.g. 91101" in response.content.decode()
        assert location.postal_code == "91101"
