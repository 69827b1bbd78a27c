import os
import shutil

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from core.roles import SECRETARIAT
from programme.loading import load_programme

from .factories import UserFactory

CHROMIUM = "/usr/bin/chromium"


def browser_required():
    """Under CI a browser test must run, never skip."""
    return bool(os.environ.get("CI") or os.environ.get("CAMI_REQUIRE_BROWSER"))


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


@pytest.fixture(scope="module")
def real_programme(django_db_setup, django_db_blocker):
    """The real fixtures, loaded once per module and rolled back afterwards.

    Only for data-fidelity and loader tests; everything else builds its data with factories."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_programme()
            yield
            transaction.set_rollback(True)


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
