"""Rows saved before Markdown was stored get their HTML from the migration, as pages showed it."""

BEFORE = [
    ("procedures", "0002_procedure_facts_condition_review_group_history"),
    ("practice_site", "0002_content_version"),
]
AFTER = [("procedures", "0003_rendered_markdown"), ("practice_site", "0003_page_body_html")]


def test_the_migration_renders_every_existing_row(migrate_to):
    old = migrate_to(BEFORE)
    group = old.get_model("procedures", "ProcedureGroup").objects.create(
        title="Nerve", slug="nerve", summary="s", intro="## Why\n\nNerves."
    )
    procedure = old.get_model("procedures", "Procedure").objects.create(
        group=group, title="Graft", slug="graft", summary="s", meta_description="m"
    )
    sections = old.get_model("procedures", "Section").objects
    # Saved out of page order: anchors still follow the order the page lists them in.
    sections.create(procedure=procedure, heading="Recovery", body="Later.", order=2)
    sections.create(procedure=procedure, heading="Recovery", body="## Detail\n\nFirst.", order=1)
    sections.create(procedure=procedure, heading="Main", body="x", order=3)
    old.get_model("procedures", "Condition").objects.create(
        title="Palsy", slug="palsy", summary="s", meta_description="m", body="## One\n\nText."
    )
    faq = old.get_model("procedures", "FAQ").objects.create(question="Q?", answer="## A\n\nB.")
    old.get_model("practice_site", "Page").objects.create(
        key="terms", title="Terms", meta_description="m", body="**Terms**"
    )

    # The models as of AFTER: later migrations (the reviewer) add columns this state lacks.
    new = migrate_to(AFTER)
    ProcedureGroup, Section, Condition, FAQ, Page = (  # noqa: N806
        new.get_model(*name.split("."))
        for name in (
            "procedures.ProcedureGroup",
            "procedures.Section",
            "procedures.Condition",
            "procedures.FAQ",
            "practice_site.Page",
        )
    )

    assert ProcedureGroup.objects.get().intro_html == '<h2 id="intro--why">Why</h2>\n<p>Nerves.</p>'
    assert [(s.anchor, s.body_html) for s in Section.objects.order_by("order")] == [
        ("recovery", '<h3 id="recovery--detail">Detail</h3>\n<p>First.</p>'),
        ("recovery-2", "<p>Later.</p>"),
        ("main-2", "<p>x</p>"),
    ]
    condition = Condition.objects.get()
    assert condition.body_html == '<h2 id="one">One</h2>\n<p>Text.</p>'
    assert condition.contents == [{"id": "one", "title": "One"}]
    assert FAQ.objects.get().answer_html == f'<h3 id="faq-{faq.pk}--a">A</h3>\n<p>B.</p>'
    assert Page.objects.get().body_html == "<p><strong>Terms</strong></p>"
