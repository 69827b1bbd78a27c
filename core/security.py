"""Sign-in protection and sessions: what settings.py points to.

- `AxesBackend`: django-axes counts failed sign-ins (site login, admin login, and any API
  endpoint that takes a password) and refuses further attempts for a while once the limit is
  reached.
- `client_ip`: the client's address behind the configured number of reverse proxies, the same
  rule the API's rate limits and the access log use (core/addresses.py).
- `lockout_response`: the page shown while sign-in is refused (429).
- `SessionIdleTimeoutMiddleware`: a session ends after `SESSION_COOKIE_AGE` seconds without a
  request.
"""

import time

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render

from .addresses import client_address

IDLE_KEY = "_session_refreshed_at"


class AxesBackend(AxesStandaloneBackend):
    """Checks the lockout before the password is even compared.

    Signing in from a web request always passes the request (Django's login forms and the
    API's token endpoint do); a call without one is not an attempt from the network (a
    management command, `Client.login()` in tests), so it is left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The client's address behind the configured number of proxies (core/addresses.py)."""
    return client_address(request.META, settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0)


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    response = render(
        request,
        "security/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def refresh_interval() -> int:
    """How often an active session's expiry is pushed forward (seconds)."""
    return max(1, min(60, settings.SESSION_COOKIE_AGE // 10))


@receiver(user_logged_in, dispatch_uid="core.security.session_refreshed_at_login")
def _refreshed_at_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[IDLE_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """End sessions after `SESSION_COOKIE_AGE` seconds of inactivity.

    Django counts a session's age from its last save. Saving on every request
    (`SESSION_SAVE_EVERY_REQUEST`) would write the session table on every page a signed-in
    person opens; here an active session is saved at most once per `refresh_interval()`, so the
    timeout is exact to within that interval. Only sessions the request already loaded are
    considered: this never adds a read. Goes after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        last = session.get(IDLE_KEY)
        if not isinstance(last, int) or now - last >= refresh_interval():
            session[IDLE_KEY] = now
        return response
