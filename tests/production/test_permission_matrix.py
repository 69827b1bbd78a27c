"""The permission matrix: every URL of the site (URL resolver) and every operation of the API
(OpenAPI schema), as each role: anonymous, a partner with a read-only token, the national focal
point of another state (TJ), a species focal point, the secretariat, and the Kyrgyz focal point
whose reports the portal holds (the one who may write them).

For every answer: never a server error; nothing secret shown to a role that may not see it
(conftest.Portal.secrets: other people's drafts, comments, documents, tokens; password hashes
to nobody). For the addresses the portal's rules name, the exact answer per role, allowed and
refused. A POST (or an API write) with no data changes nothing, for anyone. New URLs and
operations are walked without changing this file.

And as each role when things fail: every read still answers with Redis stopped;
a write's e-mail waits in the outbox for the writer who may make it, and for nobody else; an
anonymous POST stores nothing in a session; a client's X-Forwarded-For buys no extra tries.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reporting.choices import ReportState

from .conftest import ROLES, api, body_of
from .matrix import api_operations, site_addresses

pytestmark = pytest.mark.django_db

PUBLIC_NAMESPACES = ("programme:", "species:", "rangestates:")
PUBLIC_NAMES = {
    "healthz", "readyz", "login", "password_reset", "password_reset_done",
    "password_reset_complete", "password_reset_confirm", "reporting:accepted", "api:guide",
    "api:schema", "api:docs", "api:redoc", "api:api-root",
}  # fmt: skip
SIGNED_IN = {"api:token", "password_change", "password_change_done"}
SECRETARIAT_ONLY = {"reporting:review", "reporting:export"}
FOCAL_POINTS = {"kg", "tj", "species"}
SUBJECT_OF = {"kg": ("range-states", "KG"), "tj": ("range-states", "TJ"),
              "species": ("species", "snow-leopard")}  # fmt: skip
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


# Bookkeeping that a refused request may write: the session, the sign-in log, the cache.
BOOKKEEPING = ("django_session", "axes_", "cami_cache")


def data_written(queries):
    """The statements of a request that changed data (not bookkeeping)."""
    written = []
    for query in queries.captured_queries:
        sql = query["sql"].lstrip()
        if sql.upper().startswith(("INSERT", "UPDATE", "DELETE")) and not any(
            table in sql for table in BOOKKEEPING
        ):
            written.append(sql[:120])
    return written


class Findings:
    def __init__(self):
        self.items = []

    def add(self, role, method, address, message):
        self.items.append(
            f"{role:11} {method.upper():6} {address.url}  [{address.name}]: {message}"
        )

    def report(self):
        return "\n".join(self.items)


def report_by_id(portal):
    return {str(r.pk): key for key, r in portal.reports.items()}


def may_see(portal, role, key):
    report = portal.reports[key]
    if report.state == ReportState.ACCEPTED or role == "secretariat":
        return True
    return role in FOCAL_POINTS and portal.users[role] == report.author


def redirect_to(response, prefix):
    return response.status_code == 302 and response["Location"].startswith(prefix)


def check_leaks(findings, portal, role, method, address, response, hashes):
    body = body_of(response)
    for marker, allowed in portal.secrets.items():
        if role not in allowed and marker in body:
            findings.add(role, method, address, f"shows {marker!r}, which {role} may not see")
    for password_hash in hashes:
        if password_hash in body:
            findings.add(role, method, address, "shows a password hash")


def expect_get(portal, role, address, response):
    """None if the answer is right, else what is wrong."""
    name, status = address.name, response.status_code
    ids = report_by_id(portal)
    if name.startswith("admin:") or address.url.startswith("/admin/"):
        if name in ("admin:login", "admin:logout", "admin:jsi18n") or address.url.endswith(
            "no-such-page/"
        ):
            return None
        if role != "secretariat":
            return None if redirect_to(response, ADMIN_LOGIN) else f"{status}, not the login"
        return expect_secretariat_admin(address, response)
    if (
        name.startswith(PUBLIC_NAMESPACES)
        or name in PUBLIC_NAMES
        or (
            name.startswith("api:")
            and name.endswith(("-list", "-detail", "-status"))
            and name != "api:report-detail"
        )
    ):
        if status in (200, 404) or (status == 302 and name in ("login", "password_reset_confirm")):
            return None
        return f"{status} on a public address"
    if name in ("reporting:report", "api:report-detail"):
        key = ids.get(address.arg("pk"))
        want = 200 if may_see(portal, role, key) else 404
        return None if status == want else f"{status}, expected {want} for {key}"
    if name == "reporting:attachment":
        want = 200 if may_see(portal, role, "kg_draft") else 404
        return None if status == want else f"{status}, expected {want}"
    if name == "reporting:edit":
        key = ids.get(address.arg("pk"))
        report = portal.reports[key]
        if role == "anonymous":
            return None if redirect_to(response, LOGIN) else f"{status}, not the login"
        if role in FOCAL_POINTS and portal.users[role] == report.author and report.is_editable:
            return None if status == 200 else f"{status}: the author cannot edit {key}"
        return None if status in (302, 403, 404) else f"{status}: {role} may not edit {key}"
    if name in SECRETARIAT_ONLY:
        if role == "secretariat":
            return None if status == 200 else f"{status} for the secretariat"
        if role == "anonymous":
            return None if redirect_to(response, LOGIN) or status == 403 else f"{status}"
        return None if status in (403, 404) else f"{status}: only the secretariat may"
    if name == "reporting:mine":
        if role == "anonymous":
            return None if redirect_to(response, LOGIN) else f"{status}, not the login"
        want = 200 if role in FOCAL_POINTS else 403
        return None if status == want else f"{status}, expected {want}"
    if name in ("reporting:batch", "reporting:report_for"):
        subject = (address.arg("segment"), address.arg("key"))
        if role == "anonymous":
            return None if redirect_to(response, LOGIN) else f"{status}, not the login"
        # A report that exists already: its page (the secretariat may look at it too).
        existing = name == "reporting:report_for" and address.arg("code") == (
            portal.activities["draft"].code
        )
        if SUBJECT_OF.get(role) == subject:
            ok = status == 200 or (existing and status == 302)
            return None if ok else f"{status} for the focal point of {subject}"
        if existing and role == "secretariat" and status == 302:
            return None
        return None if status in (403, 404) else f"{status}: {role} does not report for {subject}"
    if name in SIGNED_IN:
        if role == "anonymous":
            return None if redirect_to(response, LOGIN) else f"{status}, not the login"
        return None if status == 200 else f"{status} for a signed-in user"
    return None  # a new address: no server error, no leak (checked for every answer)


def expect_secretariat_admin(address, response):
    from core.roles import SECRETARIAT_PERMISSIONS

    status = address.name.rsplit("_", 1)[-1] if address.model_admin else None
    if address.model_admin is None or status not in ("changelist",):
        return None if response.status_code < 500 else f"{response.status_code}"
    meta = address.model_admin.model._meta
    allowed = "view" in SECRETARIAT_PERMISSIONS.get(meta.app_label, {}).get(meta.model_name, [])
    allowed = allowed or "change" in SECRETARIAT_PERMISSIONS.get(meta.app_label, {}).get(
        meta.model_name, []
    )
    want = 200 if allowed else 403
    if response.status_code != want:
        return f"{response.status_code}, expected {want} on the list of {meta.label}"
    return None


def walk(portal, role, addresses, findings, hashes, method="get"):
    client = portal.client(role)
    client.raise_request_exception = False
    checked = 0
    for address in addresses:
        if method == "post" and (
            address.url.startswith("/admin/") or address.name in ("logout", "admin:logout")
        ):
            continue
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(address.url)
        checked += 1
        if response.status_code >= 500:
            findings.add(role, method, address, f"server error {response.status_code}")
            continue
        check_leaks(findings, portal, role, method, address, response, hashes)
        if method == "get":
            problem = expect_get(portal, role, address, response)
            if problem:
                findings.add(role, method, address, problem)
        else:
            if data_written(queries) and not (
                address.name == "reporting:prefill" and role in FOCAL_POINTS
            ):
                findings.add(
                    role, method, address, f"an empty POST changed data ({response.status_code})"
                )
            # Nothing to do is never a success: a form answers 400 with its errors, a page
            # that takes no POST 405, a refusal 403/404 or the way to the login.
            if 200 <= response.status_code < 300:
                findings.add(role, method, address, f"{response.status_code} for an empty POST")
        if role != "anonymous" and "_auth_user_id" not in client.session:
            client.force_login(portal.users[role])  # a page signed us out: sign in again
    return checked


@pytest.fixture
def password_hashes(portal):
    return [h.split("$")[-1] for h in get_user_model().objects.values_list("password", flat=True)]


@pytest.mark.parametrize("role", ROLES)
def test_every_site_address_as_each_role(portal, role, password_hashes):
    findings = Findings()
    addresses = list(site_addresses(portal))
    names = {a.name for a in addresses}
    # The walk reached the addresses the rules speak of (a renamed URL must fail here).
    assert {"reporting:report", "reporting:edit", "reporting:review", "api:token",
            "programme:home"} <= names  # fmt: skip
    checked = walk(portal, role, addresses, findings, password_hashes)
    checked += walk(portal, role, addresses, findings, password_hashes, method="post")
    assert checked > 100
    assert not findings.items, f"{len(findings.items)} finding(s):\n{findings.report()}"


@pytest.mark.parametrize("role", ROLES)
def test_every_api_operation_as_each_role(portal, role, password_hashes):
    findings = Findings()
    client = portal.client(role)
    client.raise_request_exception = False
    ids = report_by_id(portal)
    operations = list(api_operations(portal))
    assert {m for m, _ in operations} >= {"get", "post", "patch"}
    for method, address in operations:
        kwargs = {"content_type": "application/json", "data": "{}"} if method != "get" else {}
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(address.url, **kwargs)
        if response.status_code >= 500:
            findings.add(role, method, address, f"server error {response.status_code}")
            continue
        check_leaks(findings, portal, role, method, address, response, password_hashes)
        if method == "get":
            key = ids.get(address.arg("id") or address.arg("pk") or "")
            if "/attachments/" in address.route:  # the document is kg_draft's
                want = 200 if key == "kg_draft" and may_see(portal, role, key) else 404
                if response.status_code != want:
                    findings.add(role, method, address, f"{response.status_code}, want {want}")
            elif "/reports/{" in address.route and key:
                want = 200 if may_see(portal, role, key) else 404
                if response.status_code != want:
                    findings.add(role, method, address, f"{response.status_code}, want {want}")
            elif response.status_code not in (200, 404):
                findings.add(role, method, address, f"{response.status_code} on a read")
            continue
        # A write without data and without If-Match never succeeds, for anyone...
        if response.status_code < 400:
            findings.add(role, method, address, f"{response.status_code} for an empty write")
        if data_written(queries):
            findings.add(
                role, method, address, f"an empty write changed data: {data_written(queries)}"
            )
        # ...and anonymous clients are asked to authenticate.
        if role == "anonymous" and response.status_code not in (401, 403, 405):
            findings.add(role, method, address, f"{response.status_code}, expected 401")
    assert not findings.items, f"{len(findings.items)} finding(s):\n{findings.report()}"


@pytest.mark.parametrize("role", ROLES)
def test_every_read_as_each_role_with_redis_stopped(portal, role, password_hashes, redis_stopped):
    """Pages and API reads answer from the database, with the same answers per role."""
    findings = Findings()
    addresses = [a for a in site_addresses(portal) if not a.url.startswith("/admin/")]
    assert walk(portal, role, addresses, findings, password_hashes) > 50
    client = api(portal, role)
    client.raise_request_exception = False
    for method, address in api_operations(portal):
        if method == "get" and client.get(address.url).status_code >= 500:
            findings.add(role, method, address, "server error with Redis stopped")
    assert not findings.items, f"{len(findings.items)} finding(s):\n{findings.report()}"


@pytest.mark.parametrize("role", ["anonymous", "partner"])
def test_x_forwarded_for_buys_no_extra_tries(portal, role, settings):
    """With no proxy configured (the default), the rate limit and the sign-in lockout count
    a client as its connection, whatever its own X-Forwarded-For says."""
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "3/minute"},
    }
    client = api(portal, role)
    forged = [f"198.51.100.{n}" for n in range(5)]
    statuses = [client.get("/api/v1/activities/", HTTP_X_FORWARDED_FOR=ip).status_code
                for ip in forged]  # fmt: skip
    assert statuses == [200, 200, 200, 429, 429]
    login = Client()
    passwords = ["wrong"] * settings.AXES_FAILURE_LIMIT + ["correct-horse-battery"]
    for n, password in enumerate(passwords):
        response = login.post("/accounts/login/", {"username": "kyra", "password": password},
                              HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")  # fmt: skip
    assert response.status_code == 429


def test_the_matrix_reaches_every_operation_of_the_schema(portal):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    in_schema = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    walked = list(api_operations(portal))
    assert {(method, address.route) for method, address in walked} == in_schema
    for method, address in walked:  # each with a concrete URL of the API
        assert "{" not in address.url and address.url.startswith("/api/v1/"), (method, address)
    # The review actions are among them (a route lost from the router would show here).
    for action in ("submit", "accept", "return"):
        assert any(m == "post" and r.endswith(f"/{action}/") for m, r in in_schema), action
