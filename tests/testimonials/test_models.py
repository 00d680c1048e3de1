"""The Testimonial model: what "published" means, consent, ratings and order."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from procedures.models import Procedure
from testimonials import models
from testimonials.models import initials

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Sarah Hughes", "S.H."),
        ("sarah jane hughes", "S.H."),
        ("Maria", "M."),
        ("  J. R.  Tolkien ", "J.T."),
        ("", ""),
        # Titles and suffixes are not the patient's names.
        ("Dr. Sarah Hughes", "S.H."),
        ("John Smith Jr.", "J.S."),
        ("Sra. María José Ramírez", "M.R."),
        ("Robert Lee, III", "R.L."),
        ("Dr.", "D."),
        # "Don" and "Md" are first names too.
        ("Don Smith", "D.S."),
        ("Md Rahman Karim", "M.K."),
    ],
)
def test_initials_use_first_and_last_name_only(name, expected):
    assert initials(name) == expected


def test_published_keeps_only_published_testimonials_with_consent(make_testimonial):
    shown = make_testimonial()
    make_testimonial(is_published=False)
    make_testimonial(is_published=False, consent_date=None)
    assert list(models.Testimonial.objects.published()) == [shown]


def test_published_hides_testimonials_about_a_draft_procedure(make_testimonial, make_procedure):
    draft = make_procedure("Brow lift", status=Procedure.Status.DRAFT)
    live = make_procedure("Facelift")
    hidden = make_testimonial(procedure=draft)
    about_live = make_testimonial(procedure=live)
    general = make_testimonial(procedure=None)
    assert set(models.Testimonial.objects.published()) == {about_live, general}
    # Publishing the procedure's page brings its testimonials back.
    draft.status = Procedure.Status.PUBLISHED
    draft.save()
    assert hidden in models.Testimonial.objects.published()


def test_is_public_marks_exactly_the_published_rows(make_testimonial, make_procedure):
    draft = make_procedure("Brow lift", status=Procedure.Status.DRAFT)
    make_testimonial()
    make_testimonial(is_published=False)
    make_testimonial(procedure=draft)
    make_testimonial(consent_date=None, is_published=False)
    published = set(models.Testimonial.objects.published())
    marked = {row for row in models.Testimonial.objects.with_is_public() if row.is_public}
    assert len(published) == 1 and marked == published


def test_clean_refuses_to_publish_without_consent(make_testimonial):
    testimonial = make_testimonial(is_published=False, consent_date=None)
    testimonial.is_published = True
    with pytest.raises(ValidationError) as error:
        testimonial.full_clean()
    assert "consent_date" in error.value.message_dict
    assert (
        "cannot be published without the patient's consent"
        in (error.value.message_dict["consent_date"][0])
    )


def test_clean_accepts_an_unpublished_testimonial_without_consent(make_testimonial):
    make_testimonial(is_published=False, consent_date=None).full_clean()


def test_clean_refuses_dates_in_the_future(make_testimonial):
    tomorrow = timezone.localdate() + timedelta(days=1)
    testimonial = make_testimonial()
    testimonial.received_on = tomorrow
    testimonial.consent_date = tomorrow
    with pytest.raises(ValidationError) as error:
        testimonial.full_clean()
    assert set(error.value.message_dict) == {"received_on", "consent_date"}


def test_database_refuses_a_published_testimonial_without_consent(make_testimonial):
    testimonial = make_testimonial(is_published=False, consent_date=None)
    # update() skips clean(): the check constraint is the last line of defence.
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Testimonial.objects.filter(pk=testimonial.pk).update(is_published=True)
    testimonial.refresh_from_db()
    assert testimonial.is_published is False


@pytest.mark.parametrize("rating", [0, 6])
def test_rating_outside_one_to_five_is_refused_by_validation_and_database(make_testimonial, rating):
    testimonial = make_testimonial()
    testimonial.rating = rating
    with pytest.raises(ValidationError) as error:
        testimonial.full_clean()
    assert "rating" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        testimonial.save()


def test_newest_first_by_date_received(make_testimonial):
    old = make_testimonial(days_ago=30)
    new = make_testimonial(days_ago=1)
    middle = make_testimonial(days_ago=10)
    assert list(models.Testimonial.objects.published()) == [new, middle, old]


def test_deleting_a_procedure_keeps_its_testimonials(make_testimonial, smile):
    testimonial = make_testimonial(procedure=smile)
    smile.delete()
    testimonial.refresh_from_db()
    assert testimonial.procedure is None


def test_every_source_has_a_label_for_patients():
    for source in models.Testimonial.Source:
        assert source in models.Testimonial.PUBLIC_SOURCE_LABELS
