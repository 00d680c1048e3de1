"""The site's own words: no run of seven words is shared with the old site's page.

The old page is not in the repository; tests/fixtures/seed-fingerprint.txt holds only hashes of its
seven-word runs (scripts/seed_fingerprint.py explains). Names and facts may repeat; sentences not.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from scripts.seed_fingerprint import RUN, fingerprints, words

ROOT = Path(__file__).resolve().parents[2]
SEED = {
    line
    for line in (ROOT / "tests" / "fixtures" / "seed-fingerprint.txt").read_text().splitlines()
    if line and not line.startswith("#")
}
CONTENT_APPS = ["practice_site", "procedures", "gallery", "testimonials"]


def shared_runs(text, fingerprint=SEED):
    """The seven-word runs of `text` (our text) whose hash is in `fingerprint`."""
    tokens = words(text)
    runs = (" ".join(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1))
    return sorted({run for run in runs if fingerprints(run) & fingerprint})


def test_a_copied_sentence_is_caught_even_with_other_punctuation_and_quotes():
    original = "Our faces do a great deal of work, without our noticing it."
    copy = "As they say, OUR faces do a great deal of work without our noticing; really."
    caught = shared_runs(copy, fingerprints(original))
    assert "our faces do a great deal of" in caught
    assert "great deal of work without our noticing" in caught  # across the dropped comma
    assert shared_runs("A different sentence about the face.", fingerprints(original)) == []
    assert len(SEED) > 1000  # the fingerprint file is there and whole


@pytest.mark.django_db
def test_demo_content_shares_no_sentence_with_the_old_site(demo_content):
    found = {}
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, (models.CharField, models.TextField)) and not f.choices
            ]
            for row in model.objects.values_list(*fields) if fields else []:
                runs = shared_runs(" ".join(str(value) for value in row))
                if runs:
                    found[f"{model.__name__}: {row[0]!s:.40}"] = runs
    assert found == {}


def test_templates_share_no_sentence_with_the_old_site():
    found = {}
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = re.sub(r"{[%{#].*?[%}#]}|<[^>]+>", " ", template.read_text(), flags=re.S)
        runs = shared_runs(text)
        if runs:
            found[str(template.relative_to(ROOT))] = runs
    assert found == {}
