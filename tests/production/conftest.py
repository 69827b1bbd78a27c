"""A small portal with something secret in every corner, and a client per role.

  report                          author     state      visible to
  kg_draft      (with a document) KG f.p.    draft      KG focal point, secretariat
  kg_submitted                    KG f.p.    submitted  KG focal point, secretariat
  kg_returned   (comment)         KG f.p.    returned   KG focal point, secretariat
  kg_accepted                     KG f.p.    accepted   everyone
  tj_draft                        TJ f.p.    draft      TJ focal point, secretariat
  species_draft                   species    draft      species focal point, secretariat

Every non-public report carries a marker string in its text (and the document in its bytes),
so that a page or an endpoint that shows it to the wrong person is caught wherever it is.
"""

import datetime
import uuid
from dataclasses import dataclass, field

import fakeredis
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.authtoken.models import Token

from core.roles import SECRETARIAT, SECRETARIAT_PERMISSIONS, sync_group
from programme.choices import ImplementationStatus, Priority
from reporting import services
from reporting.choices import ReportState
from reporting.models import RangeStateActivityStatus, ReportLink
from tests import fake_redis
from tests.factories import (
    ActivityFactory,
    ActivityStatusFactory,
    ActorFactory,
    IssueFactory,
    LandscapeFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
    UserFactory,
)
from tests.reporting.factories import (
    FocalPointFactory,
    ReportFactory,
    ReportingCycleFactory,
    ReportTransitionFactory,
)
from tests.smtp import refusing_port

ROLES = ("anonymous", "partner", "kg", "tj", "species", "secretariat")
# The roles the issue names, each seen from the Kyrgyz focal point's reports: "tj" is the
# national focal point of another state.
OUTSIDERS = ("anonymous", "partner", "tj", "species")

PDF = b"%PDF-1.4\n% SECRET-kg-document-bytes\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@dataclass
class Portal:
    programme: object
    cycle: object
    kg: object
    tj: object
    leopard: object
    activities: dict
    users: dict
    tokens: dict
    reports: dict
    attachment: object
    secrets: dict = field(default_factory=dict)  # marker -> roles that may see it

    def client(self, role):
        user = self.users.get(role)
        if user is None:
            return Client()
        client = Client(HTTP_AUTHORIZATION=f"Token {self.tokens[role]}")
        client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def secretariat_group(db):
    """The group the data migrations make; a transactional test's flush removed it."""
    from django.apps import apps

    return sync_group(apps, SECRETARIAT, SECRETARIAT_PERMISSIONS)


@pytest.fixture
def portal(secretariat_group, secretariat_user):
    programme = ProgrammeFactory()
    objective = ObjectiveFactory(programme=programme, number=1)
    issue = IssueFactory(objective=objective)
    kg = RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan", name_fr="Kirghizistan")
    tj = RangeStateFactory(iso_code="TJ", name_en="Tajikistan", name_fr="Tadjikistan")
    leopard = SpeciesFactory(slug="snow-leopard", common_name_en="Snow leopard")
    landscape = LandscapeFactory(slug="tien-shan", name_en="Tien Shan")
    landscape.range_states.set([kg])
    actor = ActorFactory(slug="ministry", name_en="Ministry of Ecology")
    activities = {}
    for name in ("draft", "submitted", "returned", "accepted", "fresh"):
        activity = ActivityFactory(issue=issue, text_en=f"Activity {name}.")
        activity.range_states.set([kg, tj])
        activity.species.set([leopard])
        activity.landscapes.set([landscape])
        ResponsibilityFactory(activity=activity, actor=actor)
        ActivityStatusFactory(activity=activity, status=ImplementationStatus.IN_PROGRESS)
        activities[name] = activity
    activities["fresh"].priority = Priority.LOW
    activities["fresh"].save()

    cycle = ReportingCycleFactory(programme=programme, name_en="Reports before COP15")
    users = {
        "partner": UserFactory(username="pat"),
        "kg": FocalPointFactory(user__username="kyra", range_states=[kg]).user,
        "tj": FocalPointFactory(user__username="timur", range_states=[tj]).user,
        "species": FocalPointFactory(
            user__username="sofia", species=[leopard], position="Species focal point"
        ).user,
        "secretariat": secretariat_user,
    }
    tokens = {role: Token.objects.create(user=user).key for role, user in users.items()}

    def report(activity, author, state, marker, **subject):
        return ReportFactory(
            cycle=cycle,
            activity=activities[activity],
            author=users[author],
            state=state,
            status=ImplementationStatus.IN_PROGRESS,
            progress=f"Progress: {marker}",
            **(subject or {"range_state": kg}),
        )

    reports = {
        "kg_draft": report("draft", "kg", ReportState.DRAFT, "SECRET-kg-draft"),
        "kg_submitted": report("submitted", "kg", ReportState.SUBMITTED, "SECRET-kg-submitted"),
        "kg_returned": report("returned", "kg", ReportState.RETURNED, "SECRET-kg-returned"),
        "kg_accepted": report("accepted", "kg", ReportState.ACCEPTED, "PUBLIC-kg-accepted"),
        "tj_draft": report("draft", "tj", ReportState.DRAFT, "SECRET-tj-draft", range_state=tj),
        "species_draft": report(
            "draft", "species", ReportState.DRAFT, "SECRET-species-draft", species=leopard
        ),
    }
    for key, item in reports.items():
        ReportTransitionFactory(report=item, by=item.author, to_state=ReportState.DRAFT)
        if item.state != ReportState.DRAFT:
            ReportTransitionFactory(
                report=item,
                by=item.author,
                from_state=ReportState.DRAFT,
                to_state=ReportState.SUBMITTED,
            )
        if key == "kg_returned":
            ReportTransitionFactory(
                report=item,
                by=secretariat_user,
                from_state=ReportState.SUBMITTED,
                to_state=ReportState.RETURNED,
                comment="SECRET-kg-return-comment: give the figures.",
            )
            item.reopened_until = datetime.date.today() + datetime.timedelta(days=14)
            item.save()
        if key == "kg_accepted":
            ReportTransitionFactory(
                report=item,
                by=secretariat_user,
                from_state=ReportState.SUBMITTED,
                to_state=ReportState.ACCEPTED,
            )
            RangeStateActivityStatus.objects.create(
                activity=item.activity,
                range_state=kg,
                status=item.status,
                report=item,
                as_of=cycle.period_end,
            )
    ReportLink.objects.create(
        report=reports["kg_draft"],
        url="https://example.org/SECRET-kg-draft-link",
        title="SECRET-kg-draft-link-title",
    )
    attachment = services.add_attachment(
        reports["kg_draft"],
        by=users["kg"],
        upload=SimpleUploadedFile("SECRET-kg-document.pdf", PDF, content_type="application/pdf"),
    )

    insiders = {"kg": {"kg", "secretariat"}, "tj": {"tj", "secretariat"}}
    secrets = {
        "SECRET-kg-draft": insiders["kg"],
        "SECRET-kg-submitted": insiders["kg"],
        "SECRET-kg-returned": insiders["kg"],
        "SECRET-kg-return-comment": insiders["kg"],
        "SECRET-kg-document": insiders["kg"],
        "SECRET-kg-draft-link": insiders["kg"],
        "SECRET-tj-draft": insiders["tj"],
        "SECRET-species-draft": {"species", "secretariat"},
    }
    for role, key in tokens.items():
        secrets[key] = {role}
    return Portal(
        programme=programme,
        cycle=cycle,
        kg=kg,
        tj=tj,
        leopard=leopard,
        activities=activities,
        users=users,
        tokens=tokens,
        reports=reports,
        attachment=attachment,
        secrets=secrets,
    )


def redis_at(settings, location, **options):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "cami",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2, **options},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.READ_CACHE = True


@pytest.fixture
def on_redis(settings, monkeypatch):
    """The cache on Redis (django-redis's client over fakeredis, an in-memory server of the
    test's own): the code paths that run only on Redis. The server (`.connected = False`
    stops it)."""
    server = fakeredis.FakeServer()
    monkeypatch.setattr(fake_redis, "SERVER", server)
    # A name of its own: django-redis keeps one connection pool per address in the process.
    redis_at(
        settings,
        f"redis://fake-{uuid.uuid4().hex}:6379/0",
        CONNECTION_POOL_CLASS="tests.fake_redis.Pool",
    )
    return server


@pytest.fixture
def redis_stopped(settings):
    """REDIS_URL names a Redis that is not running: every connection is refused (Redis down:
    test_redis_down.py, and every address as each role in test_permission_matrix.py)."""
    redis_at(settings, f"redis://127.0.0.1:{refusing_port()}/0")


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


# --- Reads as a partner script makes them -----------------------------------------------

REPORTS = "/api/v1/reports/"


def api(portal, role):
    """An API client as a partner script is: a token, no session."""
    if role == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Token {portal.tokens[role]}")


def accept_submitted_report(portal):
    report = portal.reports["kg_submitted"]
    return services.accept(report, by=portal.users["secretariat"])
