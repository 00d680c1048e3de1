"""Fixtures shared by every test module: the one set of factories, signing staff in, the demo.

How to write a test here: tests/README.md.
"""

import itertools
import os
import sys
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone
from django.utils.text import slugify

from tests import template_db
from tests.demo_snapshot import DemoSnapshot, build
from tests.gallery import images
from tests.once import once

# The staff fixtures (make_user, sign_in_staff, staff_user, verified_login, admin_client,
# staff_client, delete_in_admin) live with the rest of signing staff in.
from tests.staff import (  # noqa: F401
    admin_client,
    delete_in_admin,
    make_user,
    sign_in_staff,
    staff_client,
    staff_user,
    verified_login,
)

# Where PYTHONDONTWRITEBYTECODE is set, pytest rewrote the asserts of every test module again in
# every process of every run (4 s of CPU each). Its cache is __pycache__ (ignored by git),
# checked against each source file's size and time like any bytecode.
sys.dont_write_bytecode = False

# Playwright runs an event loop in the test thread; Django would otherwise refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser on these machines."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, tmp_path_factory):
    """pytest-django's, with one migration per run instead of one per worker: each worker gets
    a copy of the run's migrated database (tests/template_db.py)."""
    markers = (item.get_closest_marker("django_db") for item in request.session.items)
    serialize = any(m and m.kwargs.get("serialized_rollback") for m in markers)
    with django_db_blocker.unblock():
        original = template_db.set_up(tmp_path_factory, serialize)
    yield
    with django_db_blocker.unblock():
        template_db.tear_down(original)


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller finishes last
    from pytest_django.plugin import blocking_manager_key

    with session.config.stash[blocking_manager_key].unblock():
        template_db.drop_template(session.config._tmp_path_factory)


# What a test must request to reach the database (pytest-django's fixtures; fixturenames holds
# every fixture a test needs, so a factory's `db` counts).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences"}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="leave out the tests that never reach the test database and start no deployment, "
        "and those on a PostgreSQL server of their own (the TEST_DB=postgres pass: they ran in "
        "the SQLite pass, and nothing in them changes)",
    )


def depends_on_the_database_kind(item):
    """The test uses the test database, or runs a deployment on a database of this run's kind.
    A test that asks for tests/deploy's `postgres` server runs on PostgreSQL in both passes (a
    throwaway cluster on SQLite's): the first already did what the second would. One marked
    `same_on_any_database` proves something the database does not take part in."""
    fixtures = set(getattr(item, "fixturenames", ()))
    if item.get_closest_marker("same_on_any_database"):
        return False
    return "postgres" not in fixtures and bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES & fixtures
        or item.get_closest_marker("deploy")
        or item.get_closest_marker("both_databases")
    )


@pytest.hookimpl(trylast=True)  # after tests/browser's conftest has marked its tests
def pytest_collection_modifyitems(config, items):
    if config.getoption("database_tests_only"):
        kept, left_out = [], []
        for item in items:
            (kept if depends_on_the_database_kind(item) else left_out).append(item)
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = kept
    items[:] = costliest_modules_first(items)


def costliest_modules_first(items):
    """Modules with the most tests first, as pytest-xdist orders them, but a module that starts
    processes (servers, Chromium) counts 30 tests more than it has.

    pytest-xdist hands out whole modules in this order (--no-loadscope-reorder in
    pyproject.toml). Its own order, by the number of tests, left the one-test deployment
    modules (30 to 40 s each) to the end of the run, and one worker ran the last of them alone
    while the other waited. Moved up, they run while quick modules fill the gaps on the other
    worker. They are not all moved to the front: both workers would then start with a browser
    test, and one would wait for the other to build the site they share (tests/browser).

    The first is a browser module, if any: it builds that site in other processes while the
    other worker migrates the test database, which a second worker would otherwise wait for."""
    modules = {}
    for item in items:
        modules.setdefault(item.path, []).append(item)

    def cost(path):
        tests = modules[path]
        heavy = any(
            t.get_closest_marker("browser") or t.get_closest_marker("deploy") for t in tests
        )
        return -(len(tests) + (30 if heavy else 0))

    order = sorted(modules, key=cost)
    browser = [path for path in order if modules[path][0].get_closest_marker("browser")]
    if browser:
        order.remove(browser[0])
        order.insert(0, browser[0])
    return [item for path in order for item in modules[path]]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def migrate_to(transactional_db):
    """migrate_to(targets) -> the historical apps at `targets` ([(app, migration name)]): the
    test database is migrated there, in this process. After the test, back to today's schema
    (the leaves of the graph), which later tests need."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def page_cache(settings):
    """Switches the page cache on (the test settings keep it off) with two per-process caches.

    "default" and "worker_b" are separate memory caches as deployed: two gunicorn workers.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "practice_site.cache.ReadyMemoryCache",
            "LOCATION": "page-cache-worker-a",
        },
        "worker_b": {
            "BACKEND": "practice_site.cache.ReadyMemoryCache",
            "LOCATION": "page-cache-worker-b",
        },
    }
    settings.PAGE_CACHE_ALIAS = "default"
    for alias in ("default", "worker_b"):
        caches[alias].clear()
    yield caches["default"]
    for alias in ("default", "worker_b"):
        caches[alias].clear()


@pytest.fixture
def behind_proxies(settings):
    """behind_proxies(n): the client address is found as behind n proxies (AXES_PROXY_COUNT=n)."""
    from practice_site.settings.base import client_address_settings

    def configure(count):
        for name, value in client_address_settings(count).items():
            setattr(settings, name, value)

    return configure


# --- Content: the one set of factories ----------------------------------------------------------
# Each make_* fixture returns a function that stores one object with sensible, published defaults;
# pass any model field to change it. Titles without a value are numbered; slugs follow titles.

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def practice_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """What `practice` stores, stored once per run (validating and saving ten rows one by one
    in every test cost more than the test itself in many; see tests/demo_snapshot.py)."""
    from practice_site import demo

    def build_unblocked(folder):
        with django_db_blocker.unblock():
            build(folder, lambda: demo.load_practice(*demo.read_practice(), maps=False))

    return DemoSnapshot(once(tmp_path_factory, "practice-snapshot", build_unblocked))


@pytest.fixture
def practice(db, practice_snapshot, settings):
    """The demo practice's profile, its location and opening hours (not its map: tests that
    need a picture upload their own), as `demo.load_practice` stores them now."""
    from practice_site.cache import content_changed
    from practice_site.models import Location, PracticeProfile

    practice_snapshot.load(settings.MEDIA_ROOT)
    now = timezone.now()
    Location.objects.update(updated_at=now)
    PracticeProfile.objects.update(updated_at=now)
    content_changed()  # as the saves' signals did: a new content version
    return PracticeProfile.objects.get(pk=1)


@pytest.fixture
def make_group(db):
    """make_group(title=None, **fields) -> ProcedureGroup."""
    from procedures.models import ProcedureGroup

    def make(title=None, **fields):
        title = title or f"Group {next(_numbers)}"
        fields.setdefault("slug", slugify(title))
        fields.setdefault("summary", f"What {title} covers.")
        return ProcedureGroup.objects.create(title=title, **fields)

    return make


@pytest.fixture
def group(make_group):
    """The group procedures go in unless a test names another."""
    return make_group(
        "Nerve surgery",
        summary="Repairing and rerouting nerves.",
        intro="## Why nerves\n\nNerves carry the signal.",
        order=10,
    )


@pytest.fixture
def make_procedure(db, request):
    """make_procedure(title=None, status=PUBLISHED, sections=[(heading, body)],
    faqs=[(question, answer)], group=<the `group` fixture>, **fields) -> Procedure;
    make_procedure.many(count, **fields) -> [Procedure] (bulk, no sections)."""
    from procedures.models import FAQ, Procedure, Section

    def make(title=None, status=Procedure.Status.PUBLISHED, sections=(), faqs=(), **fields):
        n = next(_numbers)
        title = title or f"Procedure {n}"
        if "group" not in fields:  # made only when a test needs it
            fields["group"] = request.getfixturevalue("group")
        fields.setdefault("slug", slugify(title))
        fields.setdefault("summary", f"What {title} does.")
        fields.setdefault("meta_description", f"All about {title}.")
        fields.setdefault("order", n)
        procedure = Procedure.objects.create(title=title, status=status, **fields)
        for i, (heading, body) in enumerate(sections, start=1):
            Section.objects.create(procedure=procedure, heading=heading, body=body, order=i)
        for i, (question, answer) in enumerate(faqs, start=1):
            FAQ.objects.create(procedure=procedure, question=question, answer=answer, order=i)
        return procedure

    def many(count, **fields):
        """`count` published procedures at once, "Procedure <n>" (n counts on from the number
        stored), in order; for tests of how pages grow with content."""
        if "group" not in fields:
            fields["group"] = request.getfixturevalue("group")
        start = Procedure.objects.count()
        return Procedure.objects.bulk_create(
            Procedure(
                **{
                    "title": f"Procedure {i}",
                    "slug": f"procedure-{i}",
                    "summary": f"What procedure {i} does.",
                    "meta_description": f"All about procedure {i}.",
                    "status": Procedure.Status.PUBLISHED,
                    "order": i,
                    **fields,
                }
            )
            for i in range(start, start + count)
        )

    make.many = many
    return make


@pytest.fixture
def smile(make_procedure):
    return make_procedure("Smile reanimation")


LONG_SECTIONS = [
    ("What it is", "A nerve graft **bridges** a gap.\n\n## A detail\n\nMore words."),
    ("Who it can help", "- People with recent paralysis\n- People after tumor surgery"),
    ("How it is done", "Under general anesthesia."),
    ("Recovery", "Nerves grow about a millimeter a day."),
    ("Risks and side effects", "Numbness where the graft was taken."),
]


@pytest.fixture
def long_procedure(make_procedure):
    """A procedure page with every part filled in: five sections, a question, the facts."""
    return make_procedure(
        "Cross-facial nerve graft",
        sections=LONG_SECTIONS,
        faqs=[("Does it weaken my healthy side?", "Only spare branches are used.")],
        anesthesia="General anesthesia",
        hospital_stay="One night",
        recovery="Six to twelve months for the nerve to grow",
        last_reviewed=timezone.localdate() - timedelta(days=30),
    )


@pytest.fixture
def make_condition(db):
    """make_condition(title=None, procedures=[...], **fields) -> Condition (published)."""
    from procedures.models import Condition

    def make(title=None, procedures=(), **fields):
        title = title or f"Condition {next(_numbers)}"
        fields.setdefault("slug", slugify(title))
        fields.setdefault("summary", f"What {title} is.")
        fields.setdefault("body", "## What it is\n\nA cause of facial paralysis.")
        fields.setdefault("meta_description", f"About {title}.")
        condition = Condition.objects.create(title=title, **fields)
        condition.procedures.set(procedures)
        return condition

    return make


@pytest.fixture
def make_testimonial(db):
    """make_testimonial(days_ago=1, **fields) -> Testimonial, published with consent."""
    from testimonials.models import Testimonial

    def make(days_ago=1, **fields):
        received = timezone.localdate() - timedelta(days=days_ago)
        values = {
            "quote": f"Testimonial number {next(_numbers)} in the patient's own words.",
            "display_name": "S.H.",
            "rating": 5,
            "received_on": received,
            "source": Testimonial.Source.OFFICE_CARD,
            "consent_date": received,
            "is_published": True,
        }
        values.update(fields)
        return Testimonial.objects.create(**values)

    return make


CONSENTS = ("active", "expired", "revoked", "office", "future", None)


@pytest.fixture
def make_case(db):
    """make_case(consent="active"|"expired"|"revoked"|"office"|"future"|None, published=True,
    procedures=(), pairs=1, real_files=False, **fields) -> Case.

    Photos are rows without files unless `real_files` (then real images go through the upload
    pipeline: slower, for tests that open the files)."""
    from gallery.models import Case, PhotoConsent, PhotoPair

    def make(
        consent="active",
        published=True,
        procedures=(),
        pairs=1,
        real_files=False,
        title="A smile restored",
        **fields,
    ):
        assert consent in CONSENTS, consent
        case = Case.objects.create(
            title=title,
            description="What changed, in plain words.",
            is_published=published,
            **fields,
        )
        case.procedures.set(procedures)
        today = timezone.localdate()
        signed = today - timedelta(days=30)
        consents = {
            "active": {"signed_on": signed},
            "expired": {"signed_on": signed, "expires_on": today - timedelta(days=1)},
            "revoked": {"signed_on": signed, "revoked_on": today},
            "office": {"signed_on": signed, "scope": PhotoConsent.Scope.OFFICE},
            "future": {"signed_on": today + timedelta(days=3)},
        }
        if consent is not None:
            PhotoConsent.objects.create(case=case, **consents[consent])
        photo = images.real_photo if real_files else images.row_photo
        for i in range(pairs):
            PhotoPair.objects.create(
                case=case,
                label=["At rest", "Smiling", "Oblique"][i % 3],
                order=i,
                before=photo(),
                after=photo(),
                before_alt=f"Before {i}: the mouth corner sits low.",
                after_alt=f"After {i}: the mouth corner sits level.",
            )
        return case

    return make


# --- Consultation requests ------------------------------------------------------------------------


@pytest.fixture
def make_request(db):
    """make_request(age=None, received=None, **fields) -> a stored consultation request: a
    patient's complete, consented submission, referenced CR-TEST-0000, -0001... in order, received
    now, `age` ago or at `received`. make_request.many(count, **fields) stores `count` at once."""
    from consultations.models import ConsultationRequest

    def values(number, received, fields):
        return {
            "reference": f"CR-TEST-{number:04d}",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.org",
            "phone": "+16265550100",
            "message": "Help",
            "consent_text": "I agree",
            "consent_version": "2026-11",
            "consent_given_at": received,
            "client_hash": "x" * 64,
            # As the form stores it: the procedure's title when the request arrived.
            "procedure_title": fields["procedure"].title if fields.get("procedure") else "",
            **fields,
        }

    def make(age=None, received=None, **fields):
        backdated = age is not None or received is not None
        received = received or timezone.now() - (age or timedelta(0))
        number = ConsultationRequest.objects.count()
        request = ConsultationRequest.objects.create(**values(number, received, fields))
        if backdated:
            ConsultationRequest.objects.filter(pk=request.pk).update(created_at=received)
            request.created_at = received
        return request

    def many(count, **fields):
        start, now = ConsultationRequest.objects.count(), timezone.now()
        return ConsultationRequest.objects.bulk_create(
            ConsultationRequest(**values(start + i, now, fields)) for i in range(count)
        )

    make.many = many
    return make


# --- The demo practice ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """`manage.py load_demo_content` run once per test run (see tests/demo_snapshot.py)."""

    def build_unblocked(folder):
        with django_db_blocker.unblock():
            build(folder)

    return DemoSnapshot(once(tmp_path_factory, "demo-snapshot", build_unblocked))


@pytest.fixture
def demo_content(db, demo_snapshot, _media_in_tmp, settings):
    """The whole demonstration practice as `make serve` loads it, in this test's database and
    media folder (about 0.15 s: the loading itself is done once per run)."""
    demo_snapshot.load(settings.MEDIA_ROOT)
