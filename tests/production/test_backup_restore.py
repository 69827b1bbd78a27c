"""`backup_portal` and `restore_portal`: a backup restored into an empty database gives back
identical data and the same uploaded files."""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core import backup
from reporting import services

from .conftest import PDF

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def rich_portal(portal):
    """The portal, with what every part of it records: a history of statuses, an accepted
    review, a returned report, a link, a document (bytes in MEDIA_ROOT), tokens, groups."""
    from programme.services import set_status

    activity = portal.activities["fresh"]
    set_status(activity, status="completed", by=portal.users["secretariat"], note="Done «ok»")
    services.accept(portal.reports["kg_submitted"], by=portal.users["secretariat"], comment="Yes")
    return portal


def test_backup_then_restore_into_an_empty_database_gives_identical_data(
    rich_portal, tmp_path, settings
):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup_portal", output=str(archive))
    before = backup.fingerprint()
    assert before["reporting.report"]["rows"] == 6
    assert before["reporting.reportattachment"]["rows"] == 1
    assert before["authtoken.token"]["rows"] == 5
    assert before["auth.group"]["rows"] >= 1
    assert any(
        label.endswith("historicalactivitystatus") and v["rows"] for label, v in before.items()
    )

    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["models"] == before
    document = rich_portal.attachment.file.name
    assert f"media/{document}" in names

    # A brand-new SQLite database and an empty media folder, as on a new server.
    target_db = tmp_path / "restored.sqlite3"
    target_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cami_portal.settings",
        "DATABASE_URL": f"sqlite:///{target_db}",
        "MEDIA_ROOT": str(target_media),
    }
    migrated = manage("migrate", "--noinput", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    restored = manage("restore_portal", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "identical to the backup" in restored.stdout

    # Read the restored database independently of the command's own check.
    probe = manage(
        "shell",
        "-c",
        "import json; from core import backup; print(json.dumps(backup.fingerprint()))",
        env=env,
    )
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout.strip().splitlines()[-1]) == before
    assert (target_media / document).read_bytes() == PDF

    # Restoring again over the now full database is refused without --force.
    again = manage("restore_portal", str(archive), env=env)
    assert again.returncode != 0
    assert "already holds data" in again.stderr
    forced = manage("restore_portal", str(archive), "--force", env=env)
    assert forced.returncode == 0, forced.stderr


def test_restore_refuses_a_database_that_holds_data(rich_portal, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup_portal", output=str(archive))
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore_portal", str(archive))


def test_restore_in_place_with_force_and_a_failed_check_changes_nothing(
    rich_portal, tmp_path, monkeypatch
):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup_portal", output=str(archive))
    before = backup.fingerprint()
    real = backup.fingerprint
    calls = []

    def tampered(using="default"):
        result = real(using)
        calls.append(1)
        result["reporting.report"] = {"rows": 0, "sha256": "x"}
        return result

    monkeypatch.setattr(backup, "fingerprint", tampered)
    with pytest.raises(CommandError, match="differs from the backup in: reporting.report"):
        call_command("restore_portal", str(archive), force=True)
    monkeypatch.setattr(backup, "fingerprint", real)
    assert calls and backup.fingerprint() == before  # rolled back: nothing lost


def test_restore_refuses_an_unmigrated_database_and_unknown_files(tmp_path):
    missing = tmp_path / "nothing.tar.gz"
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore_portal", str(missing))


def test_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text()
    assert "backup_portal" in makefile and 'restore_portal "$(FILE)"' in makefile
