"""The demo loader: strict about its files, and never touching real content."""

import io
import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from gallery.models import Case
from practice_site import demo, demo_files
from practice_site.models import Credential, Page, PracticeProfile, Provider
from procedures.models import Condition, Procedure, ProcedureGroup
from testimonials import models as testimonials

SMILE = "procedures/01-facial-reanimation/01-smile-reanimation.md"
PROVIDER = "providers/01-andre-panossian/provider.md"
CASE = "gallery/01-smile-after-nerve-transfer/case.md"


@pytest.fixture
def tree(tmp_path):
    """A copy of demo/ to break."""
    return shutil.copytree(demo_files.DEMO_DIR, tmp_path / "demo")


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


OFFICE = "locations/01-pasadena-office.md"
BROKEN = [
    ("profile.md", lambda p: edit(p, "+++\n", ""), 'between two lines that read "\\+\\+\\+"'),
    ("profile.md", lambda p: edit(p, 'phone = "', "phone = "), "not valid TOML: .*line 5"),
    ("pages/about.md", lambda p: edit(p, "title =", "titel ="), "unknown key 'titel'"),
    (SMILE, lambda p: edit(p, 'title = "Smile reanimation"\n', ""), "'title' is missing"),
    ("testimonials/01-rm.md", lambda p: edit(p, "rating = 5", 'rating = "5"'), "must be int"),
    (
        "conditions/02-bells-palsy.md",
        lambda p: edit(p, '"cosmetic/botox', '"nerve-surgery/botox'),
        "no procedure 'nerve-surgery/botox-for-facial-balance'",
    ),
    (CASE, lambda p: edit(p, '"rest-after.png"', '"rest-afterr.png"'), "'rest-afterr.png' is not"),
    (CASE, lambda p: (p.parent / "draft.png").write_bytes(b"x"), "no photo pair uses draft.png"),
    (CASE, lambda p: edit(p, '"facial-trauma"', '"trauma"'), "no condition 'trauma'"),
    (
        "testimonials/04-jp.md",
        lambda p: edit(p, '"congenital-facial-paralysis"', '"moebius"'),
        "no condition 'moebius'",
    ),
    (SMILE, lambda p: edit(p, "+++\n\n# What", "+++\n\nIntro.\n\n# What"), 'start with a "# "'),
    (SMILE, lambda p: edit(p, "# Who is a good candidate\n", "# Who\n\n# Candidates\n"), "'Who'"),
    ("pages/terms.md", lambda p: p.unlink(), "cannot be read"),
    (
        "profile.md",
        lambda p: p.write_text(p.read_text() + "Hi.\n"),
        "no text below",
    ),
    (PROVIDER, lambda p: edit(p, '"portrait.png"', '"portrait2.png"'), "'portrait2.png' is not"),
    (PROVIDER, lambda p: (p.parent / "draft.png").write_bytes(b"x"), "nothing .* uses draft.png"),
    (
        PROVIDER,
        lambda p: edit(p, 'title = "Demonstration', 'titel = "Demonstration'),
        r"\[video\]: unknown key 'titel'",
    ),
    (
        PROVIDER,
        lambda p: edit(p, 'kind = "board"\n', ""),
        r"\[\[credentials\]\] number 1: 'kind' is missing",
    ),
    (OFFICE, lambda p: edit(p, '"Friday"]', '"Fryday"]'), "'Fryday' is not a day"),
    (OFFICE, lambda p: edit(p, 'closes = "17:00"\n', ""), 'needs opens = "09:00" and closes'),
    (OFFICE, lambda p: edit(p, "# Public transport", "# Buses"), "unknown section 'Buses'"),
    (OFFICE, lambda p: edit(p, "locality =", "city ="), "unknown key 'city'"),
    (
        OFFICE,
        lambda p: edit(p, "maps/pasadena.png", "maps/nowhere.png"),
        "'maps/nowhere.png' is not",
    ),
    ("old-addresses.csv", lambda p: p.unlink(), "this file is missing"),
]


@pytest.mark.parametrize("name,breaks,message", BROKEN)
def test_a_malformed_file_fails_loudly_with_its_name(tree, name, breaks, message):
    breaks(tree / name)
    with pytest.raises(CommandError, match=rf"{re.escape(name)}: .*{message}"):
        demo.read(tree)


def test_a_badly_named_file_is_refused(tree):
    (tree / "faqs" / "21-how-often-will-i-need-botox.md").rename(tree / "faqs" / "botox.md")
    with pytest.raises(CommandError, match=r'botox.md: name it "<number>-<name>"'):
        demo.read(tree)


@pytest.mark.django_db
def test_nothing_is_stored_when_a_file_is_malformed(tree, monkeypatch):
    edit(tree / "testimonials" / "07-mo.md", "days_ago = 205\n", "")
    monkeypatch.setattr(demo_files, "DEMO_DIR", tree)
    with pytest.raises(CommandError, match="07-mo.md: 'days_ago' is missing"):
        call_command("load_demo_content", stdout=io.StringIO())
    assert not PracticeProfile.objects.exists()
    assert not Page.objects.exists()
    assert not ProcedureGroup.objects.exists()


@pytest.mark.django_db
def test_values_the_models_refuse_name_the_file(tree, monkeypatch):
    edit(tree / CASE, 'age_range = "30-44"', 'age_range = "thirties"')
    monkeypatch.setattr(demo_files, "DEMO_DIR", tree)
    with pytest.raises(CommandError, match=rf"{CASE}: age_range: Value 'thirties' is not"):
        call_command("load_demo_content", stdout=io.StringIO())
    assert not Case.objects.exists()  # the gallery part rolled back as a whole


@pytest.mark.django_db
def test_a_picture_the_upload_pipeline_refuses_names_the_picture(tree, monkeypatch):
    (tree / CASE).with_name("smile-after.png").write_bytes(b"<html>not a picture</html>")
    monkeypatch.setattr(demo_files, "DEMO_DIR", tree)
    with pytest.raises(CommandError, match="smile-after.png: This file is a web page"):
        call_command("load_demo_content", stdout=io.StringIO())
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_demo_location_has_its_sample_map_described(tree, monkeypatch):
    (tree / "locations/maps/pasadena.png").write_bytes(b"<html>not a map</html>")
    with (
        pytest.raises(demo.DemoFileError, match="pasadena.png: This file is a web page"),
        transaction.atomic(),
    ):
        demo.load_practice(*demo.read_practice(tree))
    location = demo.load_practice(*demo.read_practice()).main_location
    assert (location.map.width, location.map.height) == (1200, 800) and location.is_demo
    assert location.map_alt.startswith("Sample map, not to scale, of central Pasadena")


@pytest.mark.django_db
def test_each_part_is_skipped_while_its_app_has_real_content():
    group = ProcedureGroup.objects.create(title="Our care", slug="our-care", summary="Ours.")
    Procedure.objects.create(group=group, title="Consultation", slug="consultation", summary=".")
    Case.objects.create(title="A real case", description="Staff wrote this.")
    testimonials.Testimonial.objects.create(
        quote="Real words.",
        display_name="A.B.",
        rating=4,
        source=testimonials.Testimonial.Source.EMAIL,
    )
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "Demo practice profile and pages: added." in out.getvalue()
    for part in ("procedures, conditions and FAQs", "gallery cases", "testimonials"):
        assert f"Demo {part}: already present, left as it is." in out.getvalue()
    assert list(ProcedureGroup.objects.values_list("slug", flat=True)) == ["our-care"]
    assert list(Case.objects.values_list("title", flat=True)) == ["A real case"]
    assert list(testimonials.Testimonial.objects.values_list("quote", flat=True)) == ["Real words."]
    assert PracticeProfile.objects.get().is_demo


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (
            lambda p: edit(p, 'given_name = "Andre"', 'given_name = "Dr. Andre"'),
            "given_name: Write",
        ),
        (
            lambda p: p.with_name("clip.mp4").write_bytes(b"<html>not a film</html>"),
            r"\[video\]: This file is not an MP4 video",
        ),
    ],
)
def test_a_provider_the_admin_would_refuse_names_the_file(tree, monkeypatch, breaks, message):
    breaks(tree / PROVIDER)
    monkeypatch.setattr(demo_files, "DEMO_DIR", tree)
    with pytest.raises(CommandError, match=rf"{PROVIDER}: {message}"):
        call_command("load_demo_content", stdout=io.StringIO())
    assert not Provider.objects.exists()


@pytest.mark.django_db
def test_the_demo_provider_is_complete_marked_and_reviews_the_demo_pages():
    content = demo.read()
    demo.load_providers(content)
    demo.load_procedures(content)
    provider = Provider.objects.get()
    assert provider.is_demo and provider.is_published
    assert provider.display_name == "Andre Panossian, MD"  # one title, from the public page
    empty = [
        f.name
        for f in Provider._meta.concrete_fields
        if f.name not in ("id", "is_demo", "is_published", "order")
        and getattr(provider, f.attname) in ("", None)
    ]
    assert empty == []  # every field filled
    kinds = set(provider.credentials.values_list("kind", flat=True))
    assert kinds == set(Credential.Kind.values)
    for credential in provider.credentials.all():
        assert credential.title.startswith("Sample entry"), credential  # never read as his record
        assert not credential.url or credential.url.startswith("https://example.org/")
    film = provider.video
    assert (film.width, film.height, film.has_sound) == (640, 360, False)
    with film.file.open("rb") as handle:
        assert b"Lavf" not in handle.read()  # the encoder's note went with the other metadata
    assert film.transcript and film.poster.sorted_renditions
    assert set(Procedure.objects.values_list("reviewed_by", flat=True)) == {provider.pk}
    assert set(Condition.objects.values_list("reviewed_by", flat=True)) == {provider.pk}


@pytest.mark.django_db
def test_real_providers_are_never_named_as_reviewers_of_demo_text():
    Provider.objects.create(
        given_name="Real", family_name="Surgeon", slug="real", specialty="S", short_bio="B."
    )
    content = demo.read()
    assert demo.load_providers(content) is False
    demo.load_procedures(content)
    assert set(Procedure.objects.values_list("reviewed_by", flat=True)) == {None}


@pytest.mark.django_db
def test_sections_and_questions_keep_the_files_order():
    content = demo.read()
    demo.load_procedures(content)
    smile_file = content.groups[0][1][0]
    smile = Procedure.objects.get(slug="smile-reanimation")
    assert [s.heading for s in smile.sections.all()] == [h for h, _ in demo.sections(smile_file)]
    assert smile.sections.first().body.startswith("Smile reanimation is the name for a set")
    questions = [
        q for q in content.questions if q.get("procedure") == "facial-reanimation/" + smile.slug
    ]
    assert [f.question for f in smile.faqs.all()] == [q.meta["question"] for q in questions]


def test_every_demo_page_is_stored_as_its_admin_form_would_save_it(demo_content, admin_user):
    """Publishing a demo page unchanged records no change: nothing in its history says a
    section or an answer changed when only the admin's form trimmed a final line break."""
    from django.contrib import admin

    from practice_site.drafts.services import request_for
    from practice_site.drafts.state import bind, state_of

    request = request_for(admin_user)
    changed = []
    for model in (Procedure, Condition, Page, Provider, Case, testimonials.Testimonial):
        model_admin = admin.site.get_model_admin(model)
        for obj in model.objects.all():
            form, formsets = bind(model_admin, request, obj, state_of(model_admin, request, obj))
            # A field with a callable default (a review date) compares with the value the page
            # was opened with, which a browser posts and this state does not hold.
            fields = [f for f in form.changed_data if not form.fields[f].show_hidden_initial]
            rows = [(fs.prefix, i, r.changed_data) for fs in formsets for i, r in enumerate(fs)]
            rows = [row for row in rows if row[2]]
            if fields or rows:
                changed.append((str(obj), fields, rows))
    assert changed == []
