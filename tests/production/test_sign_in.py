"""Signing in: throttling (django-axes), strong passwords, idle sessions, logout, and the
optional two-factor sign-in for the admin (django-otp)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import global_settings, settings
from django.contrib import admin
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django_otp.admin import OTPAdminSite
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from core.admin_site import PortalOTPAdminSite
from core.security import IDLE_KEY, client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"  # tests/factories.UserFactory
LIMIT = settings.AXES_FAILURE_LIMIT


def fail(client, url, username, times, ip="10.0.0.1"):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)
        # The form again, with its error: 400 on the site, 200 in Django's admin.
        assert response.status_code == (400 if url.startswith("/accounts/") else 200)
    return response


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_sign_in_is_paused_after_too_many_wrong_passwords(client, portal, url):
    username = "sasha"  # the secretariat officer: staff, may use both
    UserFactory(username="bob", is_staff=True)
    fail(client, url, username, LIMIT - 1)
    response = client.post(url, {"username": username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many sign-in attempts" in html
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    # Now even the right password is refused, and nobody is signed in.
    response = client.post(
        url, {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=username, ip_address="10.0.0.1").exists()
    # Another account from the same address, and this account from elsewhere, still sign in.
    other = Client()
    ok = other.post(url, {"username": "bob", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert ok.status_code == 302
    elsewhere = Client()
    ok = elsewhere.post(url, {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert ok.status_code == 302


def test_a_success_resets_the_count(client, portal):
    fail(client, "/accounts/login/", "kyra", LIMIT - 1)
    ok = client.post(
        "/accounts/login/", {"username": "kyra", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert ok.status_code == 302
    client.post("/accounts/logout/")
    fail(client, "/accounts/login/", "kyra", LIMIT - 1)  # not locked: counted from zero


def test_the_cool_off_ends(client, portal, settings):
    fail(client, "/accounts/login/", "kyra", LIMIT - 1)
    client.post(
        "/accounts/login/", {"username": "kyra", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
    )
    assert (
        client.post(
            "/accounts/login/", {"username": "kyra", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
        ).status_code
        == 429
    )
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")  # long ago
    ok = client.post(
        "/accounts/login/", {"username": "kyra", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert ok.status_code == 302


def test_api_tokens_are_made_only_by_someone_signed_in(client, portal):
    """Tokens are created on /api/token/ by a signed-in user: reaching it takes the throttled
    sign-in. No endpoint exchanges a password for a token without it."""
    response = client.post("/api/token/", {"action": "create"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    before = Token.objects.count()
    fail(client, "/accounts/login/", "pat", LIMIT - 1)
    for password in ("wrong", PASSWORD):
        response = client.post(
            "/accounts/login/", {"username": "pat", "password": password}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 429
    response = client.post("/api/token/", {"action": "create"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Token.objects.count() == before


def test_any_password_endpoint_of_the_api_is_throttled(portal):
    """Should an endpoint that takes a password appear (DRF's obtain_auth_token), axes guards it
    too, since DRF authenticates with the request."""
    from rest_framework.authtoken.views import ObtainAuthToken
    from rest_framework.test import APIRequestFactory

    view = ObtainAuthToken.as_view()
    factory = APIRequestFactory()
    for _ in range(LIMIT):
        request = factory.post(
            "/t/", {"username": "pat", "password": "wrong"}, format="json", REMOTE_ADDR="10.0.0.9"
        )
        assert view(request).status_code == 400
    request = factory.post(
        "/t/", {"username": "pat", "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.9"
    )
    response = view(request)
    assert response.status_code in (400, 403)
    assert "token" not in response.data


def test_client_address_behind_proxies(rf, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": None}
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.1.1.1"  # no proxy trusted: the header is ignored
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"  # what our proxy saw, not what the client wrote


# --- passwords ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("Xq7#kP2!", "too short"),
        ("password1234", "too common"),
        ("839204718266", "entirely numeric"),
        ("kyra@example.org", "too similar"),
    ],
)
def test_weak_passwords_are_refused(portal, password, message):
    user = portal.users["kg"]
    user.last_name = "Bekova"
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert message in " ".join(refused.value.messages)


def test_a_strong_password_is_accepted(portal):
    validate_password("steppe-argali-migration-2024", portal.users["kg"])


def test_changing_to_a_weak_password_is_refused_with_a_message(portal):
    client = portal.client("kg")
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert response.status_code == 400
    assert "This password is too short. It must contain at least 12 characters." in (
        response.content.decode().replace("&#x27;", "'")
    )
    portal.users["kg"].refresh_from_db()
    assert portal.users["kg"].check_password(PASSWORD)


def test_passwords_are_stored_with_the_portals_own_hasher():
    """The suite hashes passwords with MD5, for speed (tests/conftest.py); the portal keeps
    Django's default, PBKDF2, and its accounts sign in with it."""
    import cami_portal.settings as portal_settings

    hashers = getattr(portal_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=hashers):
        user = UserFactory(username="pbkdf2")
        assert user.password.startswith("pbkdf2_sha256$")
        assert user.check_password(PASSWORD) and not user.check_password("wrong")
        response = Client().post("/accounts/login/", {"username": "pbkdf2", "password": PASSWORD})
        assert response.status_code == 302


# --- sessions -------------------------------------------------------------------------------


def sign_in(username="kyra"):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_session_ends_after_inactivity(portal):
    client = sign_in()
    assert client.get("/reporting/mine/").status_code == 200
    session = Session.objects.get()
    assert (session.expire_date - session_saved_at(session)).total_seconds() == pytest.approx(
        settings.SESSION_COOKIE_AGE, abs=5
    )
    # An hour without a request: the session has expired on the server.
    Session.objects.update(expire_date="2000-01-01T00:00:00Z")
    response = client.get("/reporting/mine/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def session_saved_at(session):
    return session.get_decoded().get(IDLE_KEY) and __import__("datetime").datetime.fromtimestamp(
        session.get_decoded()[IDLE_KEY], tz=__import__("datetime").UTC
    )


def test_activity_keeps_a_session_alive_without_saving_it_on_every_request(
    portal, django_assert_num_queries
):
    client = sign_in()
    client.get("/reporting/mine/")
    expiry = Session.objects.get().expire_date
    # Within the refresh interval nothing is written...
    client.get("/reporting/mine/")
    assert Session.objects.get().expire_date == expiry
    # ...after it, the expiry moves forward.
    session = Session.objects.get()
    data = session.get_decoded()
    data[IDLE_KEY] = int(time.time()) - 3600
    Session.objects.filter(pk=session.pk).update(
        session_data=Session.objects.encode(data), expire_date=session.expire_date
    )
    time.sleep(1)
    client.get("/reporting/mine/")
    assert Session.objects.get().expire_date > expiry


def test_logout_invalidates_the_session_on_the_server(portal):
    client = sign_in()
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get("/reporting/mine/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_logout_needs_a_post(portal):
    client = sign_in()
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/reporting/mine/").status_code == 200


# --- two-factor sign-in for the admin -------------------------------------------------------


@pytest.fixture
def otp_admin(monkeypatch):
    assert issubclass(PortalOTPAdminSite, OTPAdminSite)
    monkeypatch.setattr(admin.site, "__class__", PortalOTPAdminSite)


def test_with_two_factor_required_a_password_alone_does_not_open_the_admin(portal, otp_admin):
    client = portal.client("secretariat")  # signed in with the password only
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "sasha", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "otp_token" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_with_two_factor_required_the_code_of_the_device_opens_the_admin(portal, otp_admin):
    device = TOTPDevice.objects.create(user=portal.users["secretariat"], name="phone")
    client = Client()
    wrong = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "sasha",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": "000000" if totp(device.bin_key) != 0 else "111111",
        },
    )
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guesses after a wrong code
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "sasha",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": f"{totp(device.bin_key):06d}",
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_without_the_flag_the_admin_takes_the_password(portal):
    assert portal.client("secretariat").get("/admin/").status_code == 200


@pytest.mark.parametrize("flag, site", [("1", "PortalOTPAdminSite"), ("0", "PortalAdminSite")])
def test_the_environment_flag_chooses_the_admin_site(flag, site):
    env = {
        **os.environ,
        "ADMIN_REQUIRE_2FA": flag,
        "DJANGO_SETTINGS_MODULE": "cami_portal.settings",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); import cami_portal.urls; "
            "from django.contrib import admin; print(admin.site.__class__.__name__)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == site, result.stderr


def test_the_sign_in_forms_answer_a_refused_input_with_400_and_the_reason(portal):
    reset = Client().post("/accounts/password/reset/", {"email": "not an address"})
    assert reset.status_code == 400
    assert "Enter a valid email address." in reset.content.decode()
    change = portal.client("kg").post(
        "/accounts/password/change/",
        {"old_password": "not-mine", "new_password1": "a", "new_password2": "b"},
    )
    assert change.status_code == 400
    assert "Your old password was entered incorrectly." in change.content.decode()
    empty = Client().post("/accounts/login/", {})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()


def test_a_new_password_through_a_used_link_is_refused_with_400(portal):
    response = Client().post(
        "/accounts/password/reset/MQ/set-password/",
        {
            "new_password1": "steppe-argali-migration-2024",
            "new_password2": "steppe-argali-migration-2024",
        },
    )
    assert response.status_code == 400
    assert "This link was already used or has expired." in response.content.decode()


@pytest.mark.parametrize(
    ("proxies", "logged"), [("", "10.1.1.1"), ("0", "10.1.1.1"), ("1", "203.0.113.7")]
)
def test_the_access_log_names_the_client_by_the_same_rule(monkeypatch, proxies, logged):
    """gunicorn's access log (`%(h)s`): the connection's address unless proxies are
    configured, never an address the client wrote in X-Forwarded-For."""
    import datetime
    import runpy
    from types import SimpleNamespace

    from .test_security_headers import ROOT

    monkeypatch.setenv("API_NUM_PROXIES", proxies)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    logger = config["logger_class"].__new__(config["logger_class"])
    environ = {
        "REMOTE_ADDR": "10.1.1.1",
        "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = SimpleNamespace(status="200 OK", sent=2, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(0))
    assert atoms["h"] == logged
