"""Probes for a load balancer or a process supervisor.

GET /healthz  the process answers (no database, no cache): 200 "ok".
GET /readyz   ready for traffic: the database answers and every migration is applied; 200
              with the checks as JSON, else 503 (with Retry-After) naming what failed. A
              cache that does not work is named too, with "degraded" and still 200: the
              portal answers from the database while Redis is away, and a load balancer must
              not take every server out of rotation for it. The answer never carries an
              error's own words (a driver's message names hosts and ports): "database
              unavailable"; the log has the detail.

Both are plain, uncached, and exempt from the HTTPS redirect (`SECURE_REDIRECT_EXEMPT`), so that
a probe on the private network over plain HTTP gets the real answer."""

import logging

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .errors import RETRY_AFTER_SECONDS

logger = logging.getLogger("core.health")

# Once every migration was found applied, a process need not load the migration graph again:
# new migrations come with new code, that is with a restart.
_migrations_applied = False


def check_database() -> str | None:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def check_migrations() -> str | None:
    global _migrations_applied
    if _migrations_applied:
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan[:5])
        more = f" (+{len(plan) - 5} more)" if len(plan) > 5 else ""
        return f"{len(plan)} migration(s) not applied: {names}{more}"
    _migrations_applied = True
    return None


def check_cache() -> str | None:
    key = "cami:readyz"
    cache.set(key, "1", timeout=30)
    if cache.get(key) != "1":
        return "the cache did not return what was stored"
    return None


CHECKS = {"database": check_database, "migrations": check_migrations, "cache": check_cache}
# What the answer says when a check fails with an exception (the log has the exception).
UNAVAILABLE = {
    "database": "database unavailable",
    "migrations": "migrations could not be checked",
    "cache": "cache unavailable",
}
#: Checks whose failure leaves the portal serving (slower): reported, not "unavailable".
DEGRADING = {"cache"}


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    results = {}
    ready = True
    degraded = False
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "not checked: no database"
            continue
        try:
            problem = shown = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            problem = " ".join(f"{type(exc).__name__}: {exc}".split())  # one line
            shown = UNAVAILABLE[name]
        if problem:
            if name in DEGRADING:
                degraded = True
            else:
                ready = False
            results[name] = shown
            logger.warning("readyz: %s: %s", name, problem)
        else:
            results[name] = "ok"
    status = "unavailable" if not ready else "degraded" if degraded else "ready"
    response = JsonResponse(
        {"status": status, "checks": results},
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
