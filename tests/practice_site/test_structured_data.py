"""Every JSON-LD block on every page of the sitemap is valid schema.org (release 30.0)."""

import re

import pytest
from django.urls import reverse

from tests.schemaorg import jsonld_blocks, validate
from tests.sitemaps import sitemap_xml


@pytest.fixture
def sitemap_paths(client, demo_content):
    xml = sitemap_xml(client)
    paths = [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>(.*?)</loc>", xml)]
    assert len(paths) > 20  # the whole demo practice, not an empty sitemap
    return paths


def test_every_jsonld_block_on_every_sitemap_page_is_valid_schema_org(client, sitemap_paths):
    problems, described = [], set()
    for path in sitemap_paths:
        response = client.get(path)
        assert response.status_code == 200, path
        for document in jsonld_blocks(response.content.decode()):
            described.add(path)
            problems.extend(f"{path} {problem}" for problem in validate(document))
    # Home, procedures and conditions at least describe themselves: the check has work to do.
    assert {"/", reverse("procedures:index")} <= described
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"@type": "Surgeon"}, "unknown type Surgeon"),
        ({"@type": "Physician", "worksFor": {"@id": "#clinic"}}, "worksFor is not a property"),
        ({"@type": "MedicalProcedure", "hasPart": []}, None),  # an empty list has no values
        (
            {"@type": "MedicalProcedure", "procedureType": "https://schema.org/SurgicalProcedure"},
            "is not a member of MedicalProcedureType",
        ),
        (
            {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Funday"},
            "is not a member of DayOfWeek",
        ),
        ({"@type": "IndividualPhysician", "practicesAt": {"@type": "Person"}}, "is not one of"),
        ({"@type": "WebPage", "colour": "red"}, "unknown property colour"),
    ],
)
def test_the_validator_names_each_kind_of_mistake(document, problem):
    problems = validate({"@context": "https://schema.org", **document})
    if problem is None:
        assert "hasPart is not a property of MedicalProcedure" in " ".join(problems)
    else:
        assert any(problem in p for p in problems), problems


def test_the_validator_accepts_a_correct_document():
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "IndividualPhysician",
                "@id": "#surgeon",
                "name": "A. Surgeon",
                "medicalSpecialty": "https://schema.org/PlasticSurgery",
                "practicesAt": {"@id": "#clinic"},
            },
            {
                "@type": "MedicalClinic",
                "@id": "#clinic",
                "openingHoursSpecification": [
                    {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday"}
                ],
            },
        ],
    }
    assert validate(document) == []
