"""Settings, demo accounts and other project-wide rules."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.roles import SECRETARIAT

ROOT = Path(settings.BASE_DIR)


def import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    code = "import cami_portal.settings as s; print(s.DATABASES['default']['ENGINE'])"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_refuses_to_start_without_secret_key_in_production():
    result = import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_key_only_with_debug():
    assert import_settings(DEBUG="1").returncode == 0


def test_database_url_is_read():
    result = import_settings(SECRET_KEY="x", DATABASE_URL="postgres://u@localhost:5432/cami")
    # Django's PostgreSQL backend, with a health check that skips the round trip while the
    # connection's socket is quiet (core/postgresql/base.py).
    assert result.stdout.strip() == "core.postgresql"


@pytest.mark.django_db
def test_demo_accounts_refused_when_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_accounts")


@pytest.mark.django_db
def test_demo_secretariat_account_is_in_the_group_and_not_superuser(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # twice is fine
    user = get_user_model().objects.get(username="secretariat")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [SECRETARIAT]
    assert user.check_password("cami-secretariat-demo")
    assert "secretariat / cami-secretariat-demo" in capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "cami-secretariat-demo" in readme


@pytest.mark.django_db
def test_static_files_served_without_cdn(client):
    from programme.models import Programme  # noqa: F401 - the page renders without data

    html = client.get("/").text
    assert "//cdn" not in html and "googleapis" not in html
    assert "/static/css/portal" in html


def manage(*args):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_makemigrations_check_needs_no_key_but_serving_commands_do():
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    refused = manage("check")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr
