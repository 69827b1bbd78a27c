"""The portal's answer to an unhandled error.

When the database (or the Redis cache) cannot be reached, for instance while PostgreSQL
restarts, the answer is `503 Service Unavailable` with `Retry-After`: a page for people, JSON
for API clients, never a traceback. Django reconnects by itself on the next request
(`CONN_HEALTH_CHECKS`), so the portal recovers as soon as the database is back. Any other error
is Django's own 500 page (templates/500.html).

Installed as `handler500` in cami_portal/urls.py: Django calls it for an exception raised
anywhere in the view or the middleware, from inside the `except` block, so the exception at
hand is `sys.exc_info()`."""

import logging
import sys

from django import db
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("cami_portal.unavailable")

RETRY_AFTER_SECONDS = 5


def _unavailable_errors():
    errors = [db.OperationalError, db.InterfaceError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    else:
        errors += [RedisConnectionError, RedisTimeoutError]
    return tuple(errors)


UNAVAILABLE_ERRORS = _unavailable_errors()


def is_unavailable(exc) -> bool:
    """Whether `exc` (or what caused it) says a backing service cannot be reached."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, UNAVAILABLE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable(request):
    """503: JSON under /api/, otherwise a page that needs neither the database nor the
    session (rendered without the request's context processors)."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": _(
                    "The portal is briefly unavailable (its database cannot be reached). "
                    "Nothing was saved by this request; please try again in a few seconds."
                )
            },
            status=503,
        )
    else:
        body = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    if is_unavailable(exc):
        logger.warning("503 for %s %s: %s", request.method, request.path, exc)
        return unavailable(request)
    return django_server_error(request, template_name=template_name)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without a valid CSRF token, in the portal's frame with
    what happened and what to do (Django's page is a bare technical one). Still a 403."""
    template = loader.get_template("403_csrf.html")
    return HttpResponse(template.render({}, request), status=403)
