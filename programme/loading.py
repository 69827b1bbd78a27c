"""Loading the programme's reference data from the fixtures in `fixtures/`.

The load is atomic (all or nothing), idempotent (a record equal to the database is not
written again) and safe: the fixtures only hold the resolution's text, never statuses, notes
or reports, which live in other tables. A malformed or inconsistent fixture raises
`ProgrammeLoadError` naming the file, the record and the problem."""

import functools
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.base import (
    DeserializationError,
)
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator

from core import readcache, search

from .choices import Priority
from .natural_keys import NaturalKeys, RecordDeserializer

DEFAULT_FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"


class ProgrammeLoadError(Exception):
    """A fixture could not be loaded; the database was left as it was."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    files: list = field(default_factory=list)
    #: Activities whose sub-items or responsibilities were written (`mark_changed_activities`).
    changed_activities: set = field(default_factory=set)

    @property
    def changed(self):
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self):
        return (
            f"{len(self.files)} fixture files: {sum(self.created.values())} records created, "
            f"{sum(self.updated.values())} updated, {sum(self.unchanged.values())} unchanged."
        )


def fixture_files(directory=None):
    directory = Path(directory or DEFAULT_FIXTURE_DIR)
    files = sorted(directory.glob("*.json"))
    if not files:
        raise ProgrammeLoadError(f"{directory}: no fixture files (*.json) found.")
    return files


def _label(record):
    """A human name for a raw fixture record: its model and natural key fields."""
    if not isinstance(record, dict):
        return repr(record)[:60]
    fields = record.get("fields") if isinstance(record.get("fields"), dict) else {}
    keys = [
        str(fields[name])
        for name in ("activity", "code", "number", "letter", "slug", "iso_code", "actor")
        if name in fields
    ]
    return f"{record.get('model', '?')} {' '.join(keys)}".strip()


def _untranslated_base_fields(model):
    """The shadow columns that modeltranslation keeps for translated fields."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


@functools.cache
def _compared_fields(model):
    skip = _untranslated_base_fields(model) | {"sort_key", "changed_at"}
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in skip]


def _differs(instance, existing):
    return any(
        getattr(instance, f.attname) != getattr(existing, f.attname)
        for f in _compared_fields(type(instance))
    )


#: The models of the fixtures, whose `natural_key()` gives back the arguments of their
#: manager's `get_by_natural_key()` (exact lookups on the same fields).
def _save(deserialized, report, keys):
    from .models import Responsibility, SubActivity

    instance = deserialized.object
    model = type(instance)
    name = model._meta.label_lower
    existing = None
    known = False  # the record's links are known without asking the database
    if instance.pk is not None:
        existing = keys.unwritten(model, instance.pk)
        known = existing is not None
        if existing is None:
            existing = model._default_manager.filter(pk=instance.pk).first()
    if existing is not None:
        instance._state.adding = False
        instance._state.db = existing._state.db
    instance.full_clean()
    if existing is None:
        instance.save()
        report.created[name] += 1
        changed = known = True
    elif _differs(instance, existing):
        instance.save()
        report.updated[name] += 1
        changed = True
    else:
        changed = False
    m2m_changed = False
    for field_name, values in (deserialized.m2m_data or {}).items():
        manager = getattr(instance, field_name)
        wanted = {int(v) if isinstance(v, str) and v.isdigit() else v for v in values}
        current = keys.related_pks(instance, field_name, existing is None) if known else None
        if current is None:
            current = set(manager.values_list("pk", flat=True))
        if wanted != current:
            manager.set(values)
            m2m_changed = True
    if changed or m2m_changed:
        keys.written(instance)
        if isinstance(instance, SubActivity | Responsibility):
            report.changed_activities.add(instance.activity_id)
    if m2m_changed and not changed:
        report.updated[name] += 1
    elif not changed:
        report.unchanged[name] += 1


def mark_changed_activities(report):
    """A sub-item or responsibility written changes what its activity shows: the activity's
    change time moves (`?updated_since=`, `ordering=-updated`), once per load."""
    from .models import Activity

    if report.changed_activities:
        Activity.objects.filter(pk__in=report.changed_activities).mark_changed()


def _problem(exc):
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(
                f"{fname}: {' '.join(str(m) for m in msgs)}"
                for fname, msgs in exc.message_dict.items()
            )
        return " ".join(exc.messages)
    if isinstance(exc, DeserializationError) and exc.__cause__ is not None:
        cause = exc.__cause__
        if isinstance(cause, ObjectDoesNotExist):
            return f"refers to a record that does not exist ({exc})"
    return str(exc)


#: What saving a record can raise: a problem of the data, never of the loader.
LOAD_ERRORS = (
    DeserializationError,
    ValidationError,
    IntegrityError,
    DatabaseError,
    ObjectDoesNotExist,
    ValueError,
    TypeError,
    LookupError,
)


def _load_file(path, report, keys=None):
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProgrammeLoadError(f"{path.name}: not a readable JSON file ({exc}).") from exc
    if not isinstance(records, list):
        raise ProgrammeLoadError(f"{path.name}: a fixture is a JSON list of records.")
    for index, record in enumerate(records, start=1):
        where = f"{path.name}, record {index} ({_label(record)})"
        if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
            raise ProgrammeLoadError(f"{where}: a record needs “model” and “fields”.")
        if "pk" in record:
            raise ProgrammeLoadError(
                f"{where}: records are identified by natural keys; remove “pk”."
            )
        try:
            # Records refer only to records loaded before them (files load in name order),
            # so an unknown natural key is an error, not a forward reference. A failure
            # leaves the loop at once: load_programme's transaction undoes the whole load.
            for deserialized in RecordDeserializer([record], keys):
                _save(deserialized, report, keys)
        except LOAD_ERRORS as exc:
            raise ProgrammeLoadError(f"{where}: {_problem(exc)}") from exc


def check_consistency(programme_codes):
    """Rules across records that a single record cannot check."""
    from .models import Activity

    problems = []
    activities = Activity.objects.filter(programme__code__in=programme_codes).prefetch_related(
        "responsibilities", "subactivities"
    )
    for activity in activities:
        if not activity.responsibilities.all():
            problems.append(f"activity {activity.code} has no responsible actor")
        if activity.priority == Priority.MIXED and not any(
            sub.priority for sub in activity.subactivities.all()
        ):
            problems.append(f"activity {activity.code} has a per-item priority but no item has one")
    if problems:
        raise ProgrammeLoadError("Inconsistent programme: " + "; ".join(problems) + ".")


def ensure_status_rows(report):
    """Every activity gets its (empty) status row, so the secretariat's worksheet lists it.
    Existing rows are never touched."""
    from simple_history.utils import bulk_create_with_history

    from .models import Activity, ActivityStatus

    missing = Activity.objects.filter(status__isnull=True)
    # With their first history record, so that the first change shows what it was before.
    created = bulk_create_with_history(
        [ActivityStatus(activity=a) for a in missing], ActivityStatus
    )
    if created:
        report.created["programme.activitystatus"] += len(created)


def load_programme(directory=None, files=None):
    """Load every fixture file (sorted by name) in one transaction; return a LoadReport."""
    from .models import Programme

    paths = [Path(f) for f in files] if files else fixture_files(directory)
    report = LoadReport(files=[p.name for p in paths])
    with (
        translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
        readcache.deferred(),  # the records' saves make stale the same public reads, once
        search.deferred(),  # and the search documents are rebuilt once, after the load
        transaction.atomic(),
    ):
        keys = NaturalKeys()  # the natural keys of every file, read once
        for path in paths:
            _load_file(path, report, keys)
        mark_changed_activities(report)
        ensure_status_rows(report)
        check_consistency(list(Programme.objects.values_list("code", flat=True)))
    return report
