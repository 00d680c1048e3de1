"""A provider's name is stored bare; one rule writes it, and the admin refuses a second title."""

import pytest
from django.core.exceptions import ValidationError

from practice_site.models import Provider


@pytest.mark.parametrize(
    ("post_nominals", "display", "short"),
    [
        ("MD, FACS", "Jane Roe, MD, FACS", "Dr. Roe"),
        ("M.D.", "Jane Roe, M.D.", "Dr. Roe"),
        ("DO", "Jane Roe, DO", "Dr. Roe"),
        ("MBBS, FRCS (Plast)", "Jane Roe, MBBS, FRCS (Plast)", "Dr. Roe"),
        ("PhD", "Jane Roe, PhD", "Dr. Roe"),
        ("PA-C", "Jane Roe, PA-C", "Jane Roe"),
        ("RN, BSN", "Jane Roe, RN, BSN", "Jane Roe"),
        ("", "Jane Roe", "Jane Roe"),
        (" MD ,  FACS ", "Jane Roe, MD, FACS", "Dr. Roe"),
    ],
)
def test_the_title_is_written_once_from_the_letters_after_the_name(
    unsaved_provider, post_nominals, display, short
):
    provider = unsaved_provider(post_nominals=post_nominals)
    assert provider.display_name == display
    assert provider.short_name == short
    assert str(provider) == display
    assert "Dr." not in provider.display_name  # never "Dr. Jane Roe, MD"
    assert provider.display_name.count("MD") <= 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", "Dr. Jane"),
        ("given_name", "dr Jane"),
        ("given_name", "Doctor Jane"),
        ("given_name", "Prof. Jane"),
        ("family_name", "Roe, MD"),
        ("family_name", "Roe MD"),
        ("family_name", "Roe M.D."),
        ("post_nominals", "Dr., MD"),
        ("post_nominals", "MD; FACS"),
        ("post_nominals", "MD, <b>FACS</b>"),
        ("post_nominals", "MD, M.D."),
    ],
)
def test_a_second_way_of_writing_the_title_is_refused_with_a_message(
    db, unsaved_provider, field, value
):
    with pytest.raises(ValidationError) as caught:
        unsaved_provider(**{field: value}).full_clean()
    assert field in caught.value.message_dict
    message = " ".join(caught.value.message_dict[field])
    assert "Dr." in message or "letters" in message.lower() or "once" in message


def test_a_correct_provider_passes_validation(db, unsaved_provider):
    unsaved_provider().full_clean()


def test_languages_and_credentials_are_read_without_queries(
    provider, django_assert_num_queries, credential_headings
):
    provider = Provider.objects.with_profile().get(pk=provider.pk)
    with django_assert_num_queries(0):
        groups = provider.credential_groups()
        assert provider.language_list == ["English", "Spanish"]
    assert [heading for _, heading, _ in groups] == credential_headings


def test_a_publication_needs_a_link(provider):
    from practice_site.models import Credential

    paper = Credential(provider=provider, kind=Credential.Kind.PUBLICATION, title="A paper")
    with pytest.raises(ValidationError) as caught:
        paper.full_clean()
    assert "url" in caught.value.message_dict


def test_a_portrait_needs_a_description(provider):
    from practice_site.models import Picture

    provider.portrait = Picture.objects.create(width=800, height=1000)
    provider.portrait_alt = ""
    with pytest.raises(ValidationError) as caught:
        provider.full_clean()
    assert "portrait_alt" in caught.value.message_dict
