"""The site's own words: no run of seven words is shared with the old site's page.

The old page is not in the repository; tests/fixtures/seed-fingerprint.txt holds only hashes of its
seven-word runs (scripts/seed_fingerprint.py explains). Names and facts may repeat; sentences not.
"""

import re
from pathlib import Path

from practice_site import demo
from scripts.seed_fingerprint import RUN, fingerprints, words

ROOT = Path(__file__).resolve().parents[2]
SEED = {
    line
    for line in (ROOT / "tests" / "fixtures" / "seed-fingerprint.txt").read_text().splitlines()
    if line and not line.startswith("#")
}


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


def _texts(value):
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [value] if isinstance(value, str) else []


def test_demo_files_share_no_sentence_with_the_old_site():
    """Each text of every demo file on its own: header values (titles, summaries, photo
    descriptions) and the body, as the site shows them."""
    content = demo.read()
    files = [content.profile, *content.pages, *content.conditions, *content.questions]
    files += [f for group, procedures in content.groups for f in (group, *procedures)]
    files += content.cases + content.testimonials + content.providers
    assert len(files) > 60
    found = {}
    for item in files:
        runs = sorted(
            {run for text in _texts(item.meta) + [item.body] for run in shared_runs(text)}
        )
        if runs:
            found[str(item.path.relative_to(ROOT))] = runs
    assert found == {}


def test_templates_share_no_sentence_with_the_old_site():
    found = {}
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = re.sub(r"{[%{#].*?[%}#]}|<[^>]+>", " ", template.read_text(), flags=re.S)
        runs = shared_runs(text)
        if runs:
            found[str(template.relative_to(ROOT))] = runs
    assert found == {}
