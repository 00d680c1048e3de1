"""Builders for procedure groups, procedures, sections, conditions and questions."""

import itertools

import pytest

from procedures.models import FAQ, Condition, Procedure, ProcedureGroup, Section

_numbers = itertools.count(1)


@pytest.fixture
def group(db):
    return ProcedureGroup.objects.create(
        title="Nerve surgery",
        slug="nerve-surgery",
        summary="Repairing and rerouting nerves.",
        intro="## Why nerves\n\nNerves carry the signal.",
        order=10,
    )


@pytest.fixture
def make_procedure(group):
    def make(title=None, status=Procedure.Status.PUBLISHED, sections=(), faqs=(), **fields):
        n = next(_numbers)
        title = title or f"Procedure {n}"
        procedure = Procedure.objects.create(
            group=fields.pop("group", group),
            title=title,
            slug=fields.pop("slug", f"procedure-{n}"),
            status=status,
            summary=fields.pop("summary", f"What {title} does."),
            meta_description=fields.pop("meta_description", f"All about {title}."),
            order=fields.pop("order", n),
            **fields,
        )
        for i, (heading, body) in enumerate(sections, start=1):
            Section.objects.create(procedure=procedure, heading=heading, body=body, order=i)
        for i, (question, answer) in enumerate(faqs, start=1):
            FAQ.objects.create(procedure=procedure, question=question, answer=answer, order=i)
        return procedure

    return make


@pytest.fixture
def make_condition(db):
    def make(title=None, procedures=(), **fields):
        n = next(_numbers)
        title = title or f"Condition {n}"
        condition = Condition.objects.create(
            title=title,
            slug=fields.pop("slug", f"condition-{n}"),
            summary=fields.pop("summary", f"What {title} is."),
            body=fields.pop("body", "## What it is\n\nA cause of facial paralysis."),
            meta_description=fields.pop("meta_description", f"About {title}."),
            **fields,
        )
        condition.procedures.set(procedures)
        return condition

    return make


LONG_SECTIONS = [
    ("What it is", "A nerve graft **bridges** a gap.\n\n## A detail\n\nMore words."),
    ("Who it can help", "- People with recent paralysis\n- People after tumor surgery"),
    ("How it is done", "Under general anesthesia."),
    ("Recovery", "Nerves grow about a millimeter a day."),
    ("Risks and side effects", "Numbness where the graft was taken."),
]


@pytest.fixture
def long_procedure(make_procedure):
    return make_procedure(
        "Cross-facial nerve graft",
        slug="cross-facial-nerve-graft",
        sections=LONG_SECTIONS,
        faqs=[("Does it weaken my healthy side?", "Only spare branches are used.")],
        anesthesia="General anesthesia",
        hospital_stay="One night",
        recovery="Six to twelve months for the nerve to grow",
    )


@pytest.fixture
def staff_client(client, staff_user, verified_login):
    verified_login(client, staff_user)
    return client
