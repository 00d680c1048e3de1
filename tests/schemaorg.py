"""A validator for JSON-LD blocks against the schema.org vocabulary (tests/fixtures/schemaorg.json).

It checks what search engines' own validators check first: every type exists, every property
belongs to its node's type or a supertype, nested nodes have a type the property accepts, and every
enumeration value is a member of an enumeration the property accepts. It does not judge content.
"""

import json
import re
from functools import cache
from pathlib import Path

VOCABULARY = Path(__file__).resolve().parent / "fixtures" / "schemaorg.json"
PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
# Values of these are plain data in JSON-LD, whatever the property's range says.
DATA_TYPES = {"Text", "URL", "Number", "Integer", "Float", "Boolean", "Date", "DateTime", "Time"}
KEYWORDS = {"@context", "@type", "@id", "@graph"}


@cache
def vocabulary():
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


@cache
def ancestors(name):
    """The class and every class above it."""
    found = {name}
    for parent in vocabulary()["classes"].get(name, []):
        found |= ancestors(parent)
    return frozenset(found)


def is_enumeration(name):
    return "Enumeration" in ancestors(name)


def short(value):
    for prefix in PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def validate(document):
    """Every problem found in one JSON-LD document, as readable strings (empty when valid)."""
    problems = []
    if document.get("@context") not in ("https://schema.org", "https://schema.org/"):
        problems.append(f"@context is {document.get('@context')!r}, not https://schema.org")
    nodes = document.get("@graph", [document])
    for index, node in enumerate(nodes):
        _node(node, f"[{index}]", problems)
    return problems


def _types(node):
    kinds = node.get("@type", [])
    return [short(kind) for kind in (kinds if isinstance(kinds, list) else [kinds])]


def _node(node, where, problems, expected=None):
    vocab = vocabulary()
    kinds = _types(node)
    if not kinds and set(node) - {"@id"}:
        problems.append(f"{where}: a node without @type")
    for kind in kinds:
        if kind not in vocab["classes"]:
            problems.append(f"{where}: unknown type {kind}")
    known = [kind for kind in kinds if kind in vocab["classes"]]
    if expected and known and not any(ancestors(kind) & expected for kind in known):
        problems.append(f"{where}: {'/'.join(known)} is not one of {sorted(expected)}")
    lineage = set().union(*(ancestors(kind) for kind in known)) if known else set()
    for name, value in node.items():
        if name in KEYWORDS:
            continue
        prop = vocab["properties"].get(name)
        if prop is None:
            problems.append(f"{where}: unknown property {name}")
            continue
        if prop["superseded_by"]:
            problems.append(f"{where}: {name} is superseded by {', '.join(prop['superseded_by'])}")
        if lineage and not lineage & set(prop["domains"]):
            problems.append(f"{where}: {name} is not a property of {'/'.join(known)}")
        for item in value if isinstance(value, list) else [value]:
            _value(item, prop, f"{where}.{name}", problems)


def _value(item, prop, where, problems):
    ranges = set(prop["ranges"])
    if isinstance(item, dict):
        if set(item) == {"@id"}:
            return  # a reference to a node described elsewhere
        _node(item, where, problems, expected=_accepting(ranges))
        return
    enumerations = {r for r in ranges if is_enumeration(r)}
    if not enumerations or not isinstance(item, str):
        return
    named = short(item)
    spelled_as_term = named != item or not (ranges - enumerations)
    if not spelled_as_term:
        return  # free text where the property also takes text
    members = vocabulary()["members"].get(named)
    if members is None or not any(ancestors(m) & enumerations for m in members):
        problems.append(f"{where}: {item!r} is not a member of {'/'.join(sorted(enumerations))}")


def _accepting(ranges):
    """The classes a nested node may belong to; schema.org lets a Thing stand in for text."""
    if ranges & DATA_TYPES and not ranges - DATA_TYPES:
        return None  # only data expected; a node is a (tolerated) richer description
    return frozenset(ranges - DATA_TYPES) or None


def jsonld_blocks(html):
    """The parsed JSON-LD documents of a page."""

    pattern = r'<script type="application/ld\+json">(.*?)</script>'
    return [json.loads(block) for block in re.findall(pattern, html, re.DOTALL)]
