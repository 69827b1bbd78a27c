import os
import shutil
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

from core import readcache
from core.roles import SECRETARIAT
from programme.loading import load_programme

from .factories import UserFactory

CHROMIUM = "/usr/bin/chromium"

#: Tests make users by the dozen: they hash passwords with MD5, a hundred times faster than
#: the portal's hasher (Django's default, PBKDF2). A test of the real hasher sets it back
#: (tests/production/test_sign_in.py).
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def browser_required():
    """Under CI a browser test must run, never skip."""
    return bool(os.environ.get("CI") or os.environ.get("CAMI_REQUIRE_BROWSER"))


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


def pytest_configure(config):
    """The test client speaks plain HTTP, as a browser does to a portal behind a proxy that
    terminates TLS. Production redirects HTTP to HTTPS (the default with DEBUG off); the
    redirect and `check --deploy` are tested on their own (tests/production). Set here, before
    any test module is collected (some read the API's schema then), as the settings are read
    before any conftest."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session", autouse=True)
def _mail_through_the_outbox(django_test_environment):
    """E-mail goes through the outbox as in production (core/outbox.py); its worker delivers
    to Django's `mail.outbox` (tests/mailbox.py: `delivered()` runs it). After pytest-django
    made Django's in-memory backend the one for sending."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached reads, rate limits and sessions start from nothing in every test (the database
    is rolled back between tests; the local-memory cache is not)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    with translation.override("en"):
        yield


# --- The real programme (fixtures/*.json) -----------------------------------------------


@dataclass
class ProgrammeSnapshot:
    """What `load_programme()` writes into an empty database, loaded once per test session
    (per xdist worker) and kept in copies of its tables (`cami_snapshot_<table>`), which are
    no model's and which no flush empties. The tables themselves stay empty: factory-based
    tests never see the programme.

    `restore()` copies the rows back, ids and history included, in a few queries instead of
    a load's thousands; tests/programme/test_load_programme.py checks that it gives exactly
    what a load gives."""

    tables: list

    PREFIX = "cami_snapshot_"

    @staticmethod
    def models():
        return [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in ("programme", "species", "rangestates", "core")
            and model._meta.managed
            and not model._meta.proxy
        ]

    @classmethod
    def take(cls):
        tables = [model._meta.db_table for model in cls.models()]
        quote = connection.ops.quote_name
        # Ids from 1, as in a database the programme was never loaded into, before the load
        # and after it.
        sequences = [s for s in connection.introspection.sequence_list() if s["table"] in tables]
        reset = connection.ops.sequence_reset_by_name_sql(no_style(), sequences)
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
                if cursor.fetchone()[0]:
                    raise RuntimeError(f"{table} is not empty: no snapshot of the programme.")
            for sql in reset:
                cursor.execute(sql)
            load_programme()
            for table in tables:
                copy = quote(cls.PREFIX + table)
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")
                cursor.execute(f"DELETE FROM {quote(table)}")
            for sql in reset:
                cursor.execute(sql)
        return cls(tables)

    def restore(self):
        """The real programme, as `load_programme()` leaves it (in the current transaction,
        or committed in a transactional test, whose flush removes it)."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                copy = quote(self.PREFIX + table)
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {copy}")
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models()):
                cursor.execute(sql)
        readcache.invalidate_public()


@pytest.fixture(scope="session")
def programme_snapshot(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return ProgrammeSnapshot.take()


@pytest.fixture(scope="module")
def real_programme(programme_snapshot, django_db_blocker):
    """The real fixtures, loaded once per module and rolled back afterwards.

    Only for data-fidelity and loader tests; everything else builds its data with factories."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            programme_snapshot.restore()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def throttle_clock(monkeypatch):
    """The rate limits' clock, standing still until a test moves it (the limits keep the
    time of each request in a sliding window)."""
    from rest_framework import throttling

    class Clock:
        now = 1_800_000_000.0

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(throttling.SimpleRateThrottle, "timer", staticmethod(lambda: clock.now))
    return clock


@pytest.fixture
def secretariat_group(db):
    """The Secretariat group as the data migrations make it (a transactional test that ran
    before may have emptied the tables)."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from core.roles import SECRETARIAT_PERMISSIONS

    condition = Q(pk__in=[])
    for app_label, models in SECRETARIAT_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            condition |= Q(content_type__app_label=app_label, codename__in=codenames)
    group, _created = Group.objects.get_or_create(name=SECRETARIAT)
    group.permissions.set(Permission.objects.filter(condition))
    return group


@pytest.fixture
def secretariat_user(secretariat_group):
    return UserFactory(username="sasha", is_staff=True, groups=[SECRETARIAT])


@pytest.fixture
def staff_outside_group(db):
    return UserFactory(username="bob", is_staff=True)


@pytest.fixture
def plain_user(db):
    return UserFactory(username="charlie")


# --- Browser tests (Playwright driving Debian's Chromium) -------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if browser_required():
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session", autouse=True)
def _allow_sync_orm_in_browser_tests():
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make there are synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _plain_static_names_in_browser_tests(request):
    """The live server serves static files through the finders, which only know the plain
    names, not the hashed ones of the manifest storage: browser tests use plain names, so
    that the pages they screenshot are styled."""
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
