"""Headers every answer carries, and `check --deploy` with production settings."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "path",
    ["/", "/activities/", "/accounts/login/", "/admin/login/", "/api/v1/activities/", "/api/docs/"],
)
def test_strict_content_security_policy(client, portal, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "nonce-" not in response["Content-Security-Policy"]


def test_redoc_page_alone_allows_styles_with_its_nonce(client, portal):
    """ReDoc creates <style> elements at run time: its page adds a per-request nonce to style-src
    and changes nothing else."""
    other = csp_directives(client.get("/api/docs/"))
    nonces = set()
    for _ in range(2):
        response = client.get("/api/redoc/")
        assert response.status_code == 200
        directives = csp_directives(response)
        [nonce] = re.findall(r'<meta name="csp-nonce" content="([^"]+)">', response.text)
        assert directives["style-src"] == ["'self'", f"'nonce-{nonce}'"]
        assert {k: v for k, v in directives.items() if k != "style-src"} == {
            k: v for k, v in other.items() if k != "style-src"
        }
        assert directives["script-src"] == ["'self'"]
        assert response["Content-Security-Policy"].count("nonce-") == 1
        assert "unsafe-" not in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"]
        nonces.add(nonce)
    assert len(nonces) == 2


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/activities/", "/healthz"])
def test_security_headers(client, portal, path):
    response = client.get(path, secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_hsts_only_over_https(client, portal):
    assert "Strict-Transport-Security" not in client.get("/", secure=False)


def test_cookies_are_secure_and_http_only(client, portal):
    response = client.post(
        "/accounts/login/",
        {"username": "kyra", "password": "correct-horse-battery"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert int(session["max-age"]) == settings.SESSION_COOKIE_AGE
    csrf = client.get("/accounts/login/", secure=True).cookies.get(settings.CSRF_COOKIE_NAME)
    if csrf is not None:  # rotated at login, sent again with the next form
        assert csrf["secure"]


def test_uploaded_documents_are_never_run_by_the_browser(portal):
    client = portal.client("kg")
    response = client.get(portal.attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Stored under a generated name, outside the static files, and not served from MEDIA_URL.
    name = portal.attachment.file.name
    assert "SECRET" not in name and re.fullmatch(
        r"reporting/attachments/\d{4}/\d{2}/\w+\.pdf", name
    )
    assert client.get(settings.MEDIA_URL + name).status_code == 404
    assert client.get("/static/" + name).status_code == 404


def minimal_env(**extra):
    """Production with nothing set but what the portal requires: DEBUG off, a secret key,
    the host names (and a database that is never opened)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "SECURE_", "SESSION_", "CSRF_", "API_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cami_portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": "q8Zr!v2#Lp0x@WmE7t$Ka9^Ns4&Yd1*Jf6(Hc3)Ub5-Go8+Ri2=Tw7",
            "ALLOWED_HOSTS": "cami.example.org",
            "DATABASE_URL": "sqlite:////tmp/cami-check-deploy-never-opened.sqlite3",
        }
    )
    env.update(extra)
    return env


def production_env(**extra):
    """As docs/deploy/portal.env.example: behind nginx, which terminates TLS."""
    return minimal_env(
        **{
            "CSRF_TRUSTED_ORIGINS": "https://cami.example.org",
            "SECURE_PROXY_SSL_HEADER": "1",
            "API_NUM_PROXIES": "1",
            **extra,
        }
    )


def check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = check_deploy(production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_reports_nothing_with_nothing_but_debug_off():
    """Secure by default: HTTPS redirect, HSTS with preload, secure cookies."""
    result = check_deploy(minimal_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


READ_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, "
    "s.SESSION_COOKIE_SECURE, s.REST_FRAMEWORK['NUM_PROXIES']]))"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, [True, 31536000, True, True, 0]),
        ({"API_NUM_PROXIES": "0"}, [True, 31536000, True, True, 0]),
        ({"API_NUM_PROXIES": "2"}, [True, 31536000, True, True, 2]),
        ({"SECURE_SSL_REDIRECT": "0"}, [False, 31536000, True, True, 0]),
        ({"DEBUG": "1"}, [False, 0, False, False, 0]),
    ],
)
def test_secure_defaults_and_what_turns_them_off(env, expected):
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], cwd=ROOT, env=minimal_env(**env),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_plain_http_is_redirected_to_https_but_not_the_probes(client, portal, settings):
    settings.SECURE_SSL_REDIRECT = True  # as production has it (the tests speak plain HTTP)
    response = client.get("/activities/?q=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/activities/?q=1"
    assert client.get("/healthz").status_code == 200
    assert client.get("/activities/", secure=True).status_code == 200


def test_check_deploy_reports_a_missing_https_redirect():
    result = check_deploy(production_env(SECURE_SSL_REDIRECT="0"))
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_the_portal_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = check_deploy(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_placeholder_key_of_the_documentation_is_refused():
    example = (ROOT / "docs" / "deploy" / "portal.env.example").read_text(encoding="utf-8")
    [placeholder] = re.findall(r"^SECRET_KEY=(.+)$", example, re.MULTILINE)
    result = check_deploy(production_env(SECRET_KEY=placeholder))
    assert result.returncode != 0
    assert "SECRET_KEY is still a placeholder" in result.stderr


@pytest.mark.parametrize(
    "key",
    ["CHANGE-ME-" + "k" * 50, "changeme" + "k" * 50, "django-insecure-" + "k" * 50],
)
def test_any_placeholder_key_is_refused_even_in_development(key):
    env = production_env(SECRET_KEY=key, DEBUG="1")
    result = subprocess.run(
        [sys.executable, "-c", "import cami_portal.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is still a placeholder" in result.stderr
