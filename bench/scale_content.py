"""Growing a copy of the demo database for bench/scale.py: ten or a hundred times its content.

Every procedure with its sections and questions, every condition, gallery case (photos, pairs,
consents) and testimonial is copied factor - 1 times (bulk_create, with the HTML that saving
would have stored), and the staff inbox gets 1,000 consultation requests per factor (100,000 at
100x). The four procedure groups stay four: they are the practice's families of treatment.
"""

REQUESTS_PER_FACTOR = 1000
STAFF_USERNAME = "scale-front-desk"


def _copy(obj, **changes):
    """An unsaved copy of `obj` with every concrete field, `changes` applied."""
    data = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    data.update(changes)
    return type(obj)(**data)


class Copier:
    """Copies of the demo rows for round k (1 .. factor - 1), with primary keys chosen here so
    that every reference between copied rows points at the same round's copies."""

    def __init__(self, models):
        self.stride = {}
        for model in models:
            top = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            self.stride[model] = top + 1

    def pk(self, model, old, k):
        return old + k * self.stride[model] if old is not None else None


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=2000)


def copy_plan(c):
    """[(model, the demo's rows, changes(row, k))]: what each round copies, in an order that
    stores every row after the rows it points at. A model `c` gives keys to keeps its
    references between copies; a link table's rows get new keys."""
    import datetime
    import secrets

    from gallery.models import Case, Photo, PhotoConsent, PhotoPair, Rendition
    from procedures.models import FAQ, Condition, Procedure, Section
    from testimonials.models import Testimonial

    procedures = list(Procedure.objects.all())
    cases = list(Case.objects.all())
    top_case = max((case.number for case in cases), default=0)
    place = {case.pk: i for i, case in enumerate(cases)}
    top_order = max((p.order for p in procedures), default=0) + 1
    conditions = Condition.procedures.through
    condition_links = list(conditions.objects.all())

    def of(model, field):
        """The round's copy of the row a `field` of `model` points at."""
        return lambda row, k: {f"{field}_id": c.pk(model, getattr(row, f"{field}_id"), k)}

    return [
        (
            Procedure,
            procedures,
            lambda p, k: {
                "slug": f"{p.slug}-{k + 1}",
                "title": f"{p.title} {k + 1}",
                "order": p.order + k * top_order,
            },
        ),
        # Same headings, so the same anchors and HTML, unique within each copied procedure.
        (Section, list(Section.objects.all()), of(Procedure, "procedure")),
        # An answer's heading ids carry its pk (FAQ.render).
        (
            FAQ,
            list(FAQ.objects.all()),
            lambda f, k: {
                **of(Procedure, "procedure")(f, k),
                "question": f"{f.question.rstrip('?')} ({k + 1})?",
                "answer_html": f.answer_html.replace(
                    f"faq-{f.pk}--", f"faq-{c.pk(FAQ, f.pk, k)}--"
                ),
            },
        ),
        (
            Condition,
            list(Condition.objects.all()),
            lambda x, k: {
                "slug": f"{x.slug}-{k + 1}",
                "title": f"{x.title} {k + 1}",
                "order": x.order + k * 1000,
            },
        ),
        # A copied condition links the copied procedures, and the demo's condition gains them
        # too: at 100x, "Bell's palsy" is treated by a hundred times the procedures.
        (
            conditions,
            condition_links,
            lambda link, k: {
                **of(Condition, "condition")(link, k),
                **of(Procedure, "procedure")(link, k),
            },
        ),
        (conditions, condition_links, of(Procedure, "procedure")),
        (
            Case,
            cases,
            lambda x, k: {
                "number": top_case + k * len(cases) + place[x.pk] + 1,
                "order": x.order + k * 1000,
            },
        ),
        (
            Case.procedures.through,
            list(Case.procedures.through.objects.all()),
            lambda link, k: {**of(Case, "case")(link, k), **of(Procedure, "procedure")(link, k)},
        ),
        (PhotoConsent, list(PhotoConsent.objects.all()), of(Case, "case")),
        (Photo, list(Photo.objects.all()), lambda x, k: {"key": secrets.token_hex(16)}),
        # The copies share the demo's files: only the rows count here.
        (Rendition, list(Rendition.objects.all()), of(Photo, "photo")),
        (
            PhotoPair,
            list(PhotoPair.objects.all()),
            lambda x, k: {
                **of(Case, "case")(x, k),
                **of(Photo, "before")(x, k),
                **of(Photo, "after")(x, k),
            },
        ),
        (
            Testimonial,
            list(Testimonial.objects.all()),
            lambda x, k: {
                **of(Procedure, "procedure")(x, k),
                "received_on": x.received_on - datetime.timedelta(days=k),
            },
        ),
    ]


def grow(factor):
    """Grows the database Django is set up with to `factor` times the demo (see the docstring)."""
    import datetime
    import random
    import secrets

    from django.db import transaction
    from django.utils import timezone

    from consultations.models import ConsultationRequest
    from gallery.models import Case, Photo, PhotoConsent, PhotoPair, Rendition
    from practice_site.cache import content_changed
    from procedures.models import FAQ, Condition, Procedure, Section
    from testimonials.models import Testimonial

    rng = random.Random(15)
    models = [Procedure, Section, FAQ, Condition, Case, PhotoConsent, Photo, Rendition, PhotoPair]
    c = Copier([*models, Testimonial])
    plan = copy_plan(c)

    with transaction.atomic():
        for k in range(1, factor):
            for model, rows, changes in plan:
                # A model with keys of its own (c.stride) keeps its references between copies.
                keys = model in c.stride
                _bulk(
                    model,
                    [
                        _copy(x, id=c.pk(model, x.pk, k) if keys else None, **changes(x, k))
                        for x in rows
                    ],
                )

        # The staff inbox: two years of requests, as the retention period keeps them.
        choices = list(Procedure.objects.published().values_list("pk", "title"))
        first = ["Ana", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Isabel"]
        first += ["Jamal", "Keiko", "Liam", "Maria", "Noah", "Olga", "Priya", "Quinn", "Rosa"]
        last = ["Garcia", "Nguyen", "Smith", "Kim", "Patel", "Cohen", "Okafor", "Rossi"]
        last += ["Novak", "Silva", "Tanaka", "Haddad", "Jensen", "Lopez", "Murphy", "Walsh"]
        statuses = [s for s, w in [("new", 1), ("contacted", 3), ("booked", 2)] for _ in range(w)]
        statuses += ["closed"] * 3 + ["not_candidate"]
        now = timezone.now()
        field = ConsultationRequest._meta.get_field("created_at")
        field.auto_now_add = False  # bulk_create would otherwise stamp every row "now"
        rows = []
        for i in range(REQUESTS_PER_FACTOR * factor):
            pk, title = rng.choice(choices) if rng.random() < 0.8 else (None, "")
            given, family = rng.choice(first), rng.choice(last)
            created = now - datetime.timedelta(seconds=rng.randrange(730 * 86400))
            spam = rng.random() < 0.05
            rows.append(
                ConsultationRequest(
                    reference=f"CR-{i:04X}-{secrets.token_hex(2).upper()}",
                    created_at=created,
                    first_name=given,
                    last_name=family,
                    email=f"{given}.{family}{i}@example.test".lower(),
                    phone=f"+1626555{i % 10000:04d}",
                    procedure_id=pk,
                    procedure_title=title,
                    message="I would like to know whether surgery could help me smile again.",
                    consent_text="I agree that the practice may use these details to reply.",
                    consent_version="2025-01",
                    consent_given_at=created,
                    client_hash=secrets.token_hex(32),
                    is_spam=spam,
                    status="new" if spam else rng.choice(statuses),
                    notification_status="skipped" if spam else "sent",
                    notified_at=None if spam else created,
                )
            )
        _bulk(ConsultationRequest, rows)
        field.auto_now_add = True
        content_changed()


def prepare_staff():
    """A front-desk account with an enrolled second factor (what the inbox needs)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from practice_site.roles import FRONT_DESK
    from tests.staff import enrol

    user, _ = get_user_model().objects.get_or_create(
        username=STAFF_USERNAME, defaults={"is_staff": True, "email": "desk@example.test"}
    )
    user.groups.add(Group.objects.get(name=FRONT_DESK))
    enrol(user)


def counts():
    from consultations.models import ConsultationRequest
    from gallery.models import Case
    from procedures.models import FAQ, Condition, Procedure, Section
    from testimonials.models import Testimonial

    return {
        str(model._meta.verbose_name_plural): model.objects.count()
        for model in [Procedure, Section, FAQ, Condition, Case, Testimonial, ConsultationRequest]
    }
