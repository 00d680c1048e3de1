"""Write the compact extract of the schema.org vocabulary that tests/schemaorg.py validates against.

Usage: python scripts/schemaorg_extract.py PATH/schemaorg-vNN-current-https.jsonld
Writes tests/fixtures/schemaorg.json: classes with their direct superclasses, properties with the
classes they belong to and the types they expect, and the members of every enumeration. Run it
again when the project moves to a newer schema.org release.
"""

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "schemaorg.json"


def ids(value):
    """Names of the node(s) a vocabulary field points at, without the "schema:" prefix."""
    items = value if isinstance(value, list) else [value] if value else []
    return sorted(item["@id"].removeprefix("schema:") for item in items if "@id" in item)


def main(source):
    vocabulary = json.loads(Path(source).read_text(encoding="utf-8"))
    classes, properties, members = {}, {}, {}
    for node in vocabulary["@graph"]:
        name = node["@id"].removeprefix("schema:")
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in types:
            classes[name] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in types:
            properties[name] = {
                "domains": ids(node.get("schema:domainIncludes")),
                "ranges": ids(node.get("schema:rangeIncludes")),
                "superseded_by": ids(node.get("schema:supersededBy")),
            }
        for kind in types:
            if kind.startswith("schema:"):  # an instance of a class: an enumeration member
                members.setdefault(name, []).append(kind.removeprefix("schema:"))
    OUT.write_text(
        json.dumps(
            {
                "source": Path(source).name,
                "classes": dict(sorted(classes.items())),
                "properties": dict(sorted(properties.items())),
                "members": {k: sorted(v) for k, v in sorted(members.items())},
            },
            separators=(",", ":"),
            sort_keys=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(classes)} classes, {len(properties)} properties, {len(members)} members")


if __name__ == "__main__":
    main(sys.argv[1])
