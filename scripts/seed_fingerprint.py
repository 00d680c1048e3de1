"""Fingerprint of the old site's page, so tests can prove our text is not copied from it.

The seed page (../shared/seed/practice-page.txt) is another practice's published text and must not
be copied into the project, not even as a test fixture. This script stores only a short hash of
every run of N words in it; tests/practice_site/test_demo_wording.py hashes our demo content the
same way and fails on any shared run.

Usage: python scripts/seed_fingerprint.py [SEED_PATH] > tests/fixtures/seed-fingerprint.txt
"""

import hashlib
import re
import sys
from pathlib import Path

RUN = 7  # words: long enough to skip stock phrases ("the side of the face"), short enough to bite
DEFAULT_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "practice-page.txt"


def words(text):
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.findall(r"[a-z0-9']+", text)


def fingerprints(text, run=RUN):
    found = set()
    tokens = words(text)
    for start in range(len(tokens) - run + 1):
        phrase = " ".join(tokens[start : start + run])
        found.add(hashlib.sha256(phrase.encode()).hexdigest()[:16])
    return found


def main():
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEED
    print(f"# {RUN}-word runs of the seed page, sha256 (first 16 hex digits), one per line")
    for digest in sorted(fingerprints(seed.read_text())):
        print(digest)


if __name__ == "__main__":
    main()
