"""The demo loader: strict about its files, and never touching real content."""

import io
import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gallery.models import Case
from practice_site import demo
from practice_site.models import Page, PracticeProfile
from procedures.models import Procedure, ProcedureGroup
from testimonials import models as testimonials

SMILE = "procedures/01-facial-reanimation/01-smile-reanimation.md"
CASE = "gallery/01-smile-after-nerve-transfer/case.md"


@pytest.fixture
def tree(tmp_path):
    """A copy of demo/ to break."""
    return shutil.copytree(demo.DEMO_DIR, tmp_path / "demo")


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


OFFICE = "locations/01-pasadena-office.md"
BROKEN = [
    ("profile.md", lambda p: edit(p, "+++\n", ""), 'between two lines that read "\\+\\+\\+"'),
    ("profile.md", lambda p: edit(p, 'phone = "', "phone = "), "not valid TOML: .*line 8"),
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
    (SMILE, lambda p: edit(p, "+++\n\n# What", "+++\n\nIntro.\n\n# What"), 'start with a "# "'),
    (SMILE, lambda p: edit(p, "# Who is a good candidate\n", "# Who\n\n# Candidates\n"), "'Who'"),
    ("pages/terms.md", lambda p: p.unlink(), "cannot be read"),
    (OFFICE, lambda p: edit(p, '"Friday"]', '"Fryday"]'), "'Fryday' is not a day"),
    (OFFICE, lambda p: edit(p, 'closes = "17:00"\n', ""), 'needs opens = "09:00" and closes'),
    (OFFICE, lambda p: edit(p, "# Public transport", "# Buses"), "unknown section 'Buses'"),
    (OFFICE, lambda p: edit(p, "locality =", "city ="), "unknown key 'city'"),
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
    monkeypatch.setattr(demo, "DEMO_DIR", tree)
    with pytest.raises(CommandError, match="07-mo.md: 'days_ago' is missing"):
        call_command("load_demo_content", stdout=io.StringIO())
    assert not PracticeProfile.objects.exists()
    assert not Page.objects.exists()
    assert not ProcedureGroup.objects.exists()


@pytest.mark.django_db
def test_values_the_models_refuse_name_the_file(tree, monkeypatch):
    edit(tree / CASE, 'age_range = "30-44"', 'age_range = "thirties"')
    monkeypatch.setattr(demo, "DEMO_DIR", tree)
    with pytest.raises(CommandError, match=rf"{CASE}: age_range: Value 'thirties' is not"):
        call_command("load_demo_content", stdout=io.StringIO())
    assert not Case.objects.exists()  # the gallery part rolled back as a whole


@pytest.mark.django_db
def test_a_picture_the_upload_pipeline_refuses_names_the_picture(tree, monkeypatch):
    (tree / CASE).with_name("smile-after.png").write_bytes(b"<html>not a picture</html>")
    monkeypatch.setattr(demo, "DEMO_DIR", tree)
    with pytest.raises(CommandError, match="smile-after.png: This file is a web page"):
        call_command("load_demo_content", stdout=io.StringIO())
    assert not Case.objects.exists()


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
