"""Backups of the portal: the database and the uploaded documents in one archive.

An archive (`cami-YYYYmmdd-HHMMSS.tar.gz`) holds

  manifest.json   format, date, the migrations the data belongs to, and per model the number
                  of rows and a fingerprint of their content
  data.portaljson.gz  every table as Django JSON fixtures (`dumpdata --natural-foreign`, times
                  to the microsecond), loadable into any database Django supports
  media/...       the files under MEDIA_ROOT (the reports' documents)

Content types and permissions are not stored: `migrate` makes them, and the data refers to
them by natural key. Sessions are not stored either (a restore signs everybody out).
`restore_portal` loads an archive into a migrated, empty database and checks that every
model's fingerprint is the one in the manifest: the data came back identical.
"""

import datetime
import decimal
import hashlib
import json
import uuid

from django.apps import apps
from django.db import models
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
# Made by `migrate`, or not worth keeping; the search documents are rebuilt from the records
# after a restore (core/search.py).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "core.searchdocument"]


def excluded_labels():
    """What `dumpdata` leaves out: `EXCLUDED`, and the models whose rows the database derives
    from other tables (`derived_from_other_tables`: loading those tables rebuilds them)."""
    derived = [
        model._meta.label_lower
        for model in apps.get_models()
        if getattr(model, "derived_from_other_tables", False)
    ]
    return [*EXCLUDED, *derived]


def included_models():
    """The models a backup holds, in a stable order."""
    excluded = excluded_labels()
    excluded_apps = {label for label in excluded if "." not in label}
    excluded_models = {label for label in excluded if "." in label}
    chosen = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in excluded_apps or meta.label_lower in excluded_models:
            continue
        chosen.append(model)
    return sorted(chosen, key=lambda m: m._meta.label_lower)


def _natural(model, pk, using, cache):
    """Content types and permissions differ in id between databases: compare their natural
    keys instead."""
    if pk is None:
        return None
    key = (model, pk)
    if key not in cache:
        cache[key] = list(model._default_manager.db_manager(using).get(pk=pk).natural_key())
    return cache[key]


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return value


def _by_natural_key(model):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return model in (ContentType, Permission)


def model_rows(model, using):
    """Every row of `model` as plain values, ordered by primary key, with its many-to-many
    links; references to content types and permissions by natural key."""
    natural_cache = {}
    fields = [f for f in model._meta.concrete_fields]
    manager = model._base_manager.db_manager(using)
    m2m = {}
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue  # an explicit through model is a model of its own
        source = field.m2m_column_name()
        target = field.m2m_reverse_name()
        links = {}
        target_model = field.remote_field.model
        for source_id, target_id in through._base_manager.db_manager(using).values_list(
            source, target
        ):
            value = (
                _natural(target_model, target_id, using, natural_cache)
                if _by_natural_key(target_model)
                else target_id
            )
            links.setdefault(source_id, []).append(value)
        m2m[field.name] = {k: sorted(v, key=json.dumps) for k, v in links.items()}
    for obj in manager.order_by("pk").iterator(chunk_size=2000):
        row = []
        for field in fields:
            value = getattr(obj, field.attname)
            if field.is_relation and field.related_model and _by_natural_key(field.related_model):
                value = _natural(field.related_model, value, using, natural_cache)
            row.append(_plain(value))
        for name in sorted(m2m):
            row.append(m2m[name].get(obj.pk, []))
        yield row


def fingerprint(using="default"):
    """{model label: {"rows": n, "sha256": digest of the rows}} for every model backed up."""
    result = {}
    for model in included_models():
        digest = hashlib.sha256()
        count = 0
        for row in model_rows(model, using):
            digest.update(json.dumps(row, sort_keys=True, default=str).encode())
            digest.update(b"\n")
            count += 1
        result[model._meta.label_lower] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def applied_migrations(connection):
    recorder = MigrationRecorder(connection)
    applied = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied
