"""python manage.py backup_portal [--output FILE] — the database and the uploaded documents in
one archive (see core/backup.py). `make backup` runs it."""

import gzip
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from core import backup


class Command(BaseCommand):
    help = "Write a backup archive of the database and the uploaded documents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="archive to write (default: $BACKUP_DIR or backups/, cami-<date>.tar.gz)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        using = options["database"]
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        output = Path(
            options["output"]
            or Path(os.environ.get("BACKUP_DIR", settings.BASE_DIR / "backups"))
            / f"cami-{stamp}.tar.gz"
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(prefix="cami-backup-") as work:
            work = Path(work)
            data = work / "data.portaljson"
            # One transaction: the dump, the counts and the fingerprints see the same data
            # (on PostgreSQL, REPEATABLE READ would be stricter; writes are rare and atomic).
            with transaction.atomic(using=using):
                call_command(
                    "dumpdata",
                    exclude=backup.excluded_labels(),
                    format="portaljson",
                    natural_foreign=True,
                    use_base_manager=True,
                    database=using,
                    output=str(data),
                    verbosity=0,
                )
                fingerprint = backup.fingerprint(using)
                migrations = backup.applied_migrations(connections[using])
            with open(data, "rb") as raw, gzip.open(work / "data.portaljson.gz", "wb") as packed:
                shutil.copyfileobj(raw, packed)
            data.unlink()
            files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.is_dir() else []
            manifest = {
                "format": backup.FORMAT,
                "created_at": timezone.now().isoformat(),
                "django": django.get_version(),
                "database_vendor": connections[using].vendor,
                "migrations": migrations,
                "models": fingerprint,
                "media": {
                    "files": len(files),
                    "bytes": sum(p.stat().st_size for p in files),
                },
            }
            (work / "manifest.json").write_text(json.dumps(manifest, indent=1))
            partial = output.with_name(output.name + ".partial")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(work / "manifest.json", arcname="manifest.json")
                archive.add(work / "data.portaljson.gz", arcname="data.portaljson.gz")
                for path in sorted(files):
                    archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
            partial.replace(output)  # never a half-written archive under the final name
        rows = sum(item["rows"] for item in fingerprint.values())
        self.stdout.write(
            f"Backup written to {output}: {rows} rows in {len(fingerprint)} tables, "
            f"{len(files)} uploaded files ({output.stat().st_size} bytes)."
        )
        return None
