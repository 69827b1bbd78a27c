"""python manage.py restore_portal FILE [--force] — load a backup archive (backup_portal) into
this database and MEDIA_ROOT, and check that the data came back identical.

The database must be migrated (`manage.py migrate`) and hold no data of its own: restoring
replaces everything. `--force` restores over existing data (it is deleted first). Everything
happens in one transaction: if anything fails, the database is left as it was. `make restore
FILE=...` runs it."""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from core import backup, readcache, search

# What `migrate` itself creates (data migrations): not "data of its own".
MADE_BY_MIGRATE = {"auth.group"}


class Command(BaseCommand):
    help = "Restore a backup archive into this (migrated, empty) database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--force", action="store_true", help="replace the data this database already has"
        )

    def handle(self, *args, **options):
        using = options["database"]
        archive_path = Path(options["archive"])
        if not archive_path.is_file():
            raise CommandError(f"{archive_path}: no such file.")
        connection = connections[using]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("Migrate this database first: `python manage.py migrate`.")
        with tempfile.TemporaryDirectory(prefix="cami-restore-") as work:
            work = Path(work)
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(work, filter="data")  # no absolute paths, no links out
            manifest = json.loads((work / "manifest.json").read_text())
            if manifest.get("format") != backup.FORMAT:
                raise CommandError(f"Unknown archive format {manifest.get('format')!r}.")
            self.check_migrations(manifest, backup.applied_migrations(connection))
            self.check_empty(using, options["force"])
            data = work / "data.portaljson.gz"  # loaddata reads it compressed
            media = work / "media"
            self.check_media(media, options["force"])
            # the search documents: rebuilt once from the restored records
            with readcache.deferred(), search.deferred(), transaction.atomic(using=using):
                call_command("flush", database=using, interactive=False, verbosity=0)
                call_command("loaddata", str(data), database=using, verbosity=0)
                restored = backup.fingerprint(using)
                different = sorted(
                    label
                    for label in set(restored) | set(manifest["models"])
                    if restored.get(label) != manifest["models"].get(label)
                )
                if different:
                    raise CommandError(
                        "The restored data differs from the backup in: "
                        + ", ".join(different)
                        + ". Nothing was restored."
                    )
                copied = self.copy_media(media)
        rows = sum(item["rows"] for item in restored.values())
        self.stdout.write(
            f"Restored {archive_path.name} (made {manifest['created_at']}): {rows} rows in "
            f"{len(restored)} tables, identical to the backup; {copied} uploaded files."
        )

    def check_migrations(self, manifest, applied):
        missing = {
            f"{app}.{name}"
            for app, names in manifest["migrations"].items()
            for name in names
            if name not in applied.get(app, [])
        }
        if missing:
            raise CommandError(
                "The backup comes from a newer version of the portal (migrations unknown "
                f"here: {', '.join(sorted(missing)[:5])}). Install that version first."
            )

    def check_empty(self, using, force):
        if force:
            return
        holding = [
            model._meta.label_lower
            for model in backup.included_models()
            if model._meta.label_lower not in MADE_BY_MIGRATE
            and model._base_manager.db_manager(using).exists()
        ]
        if holding:
            raise CommandError(
                "This database already holds data (" + ", ".join(holding[:5]) + "). Restore "
                "into an empty, migrated database, or give --force to replace it."
            )

    def check_media(self, media, force):
        if force or not media.is_dir():
            return
        root = Path(settings.MEDIA_ROOT)
        for path in media.rglob("*"):
            if path.is_file():
                target = root / path.relative_to(media)
                if target.exists() and target.read_bytes() != path.read_bytes():
                    raise CommandError(
                        f"{target} exists and differs from the backup's; give --force to "
                        "replace it."
                    )

    def copy_media(self, media):
        if not media.is_dir():
            return 0
        root = Path(settings.MEDIA_ROOT)
        copied = 0
        for path in media.rglob("*"):
            if path.is_file():
                target = root / path.relative_to(media)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                copied += 1
        return copied
