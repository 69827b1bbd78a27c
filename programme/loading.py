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
    DeserializedObject,
    M2MDeserializationError,
    deserialize_fk_value,
)
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, models, transaction
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator

from core import readcache

from .choices import Priority

DEFAULT_FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"


class ProgrammeLoadError(Exception):
    """A fixture could not be loaded; the database was left as it was."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    files: list = field(default_factory=list)

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
    skip = _untranslated_base_fields(model) | {"sort_key"}
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in skip]


def _differs(instance, existing):
    return any(
        getattr(instance, f.attname) != getattr(existing, f.attname)
        for f in _compared_fields(type(instance))
    )


#: The models of the fixtures, whose `natural_key()` gives back the arguments of their
#: manager's `get_by_natural_key()` (exact lookups on the same fields).
INDEXED_MODELS = frozenset(
    {
        "programme.programme",
        "programme.objective",
        "programme.issue",
        "programme.actor",
        "programme.activity",
        "programme.subactivity",
        "programme.responsibility",
        "species.species",
        "rangestates.rangestate",
        "rangestates.landscape",
    }
)

_AMBIGUOUS = object()  # two records share a natural key: the database decides


class NaturalKeys:
    """The records of the fixtures' models by natural key, read once per load (a query per
    model) and kept up to date as the load writes, so that resolving the fixtures' natural
    keys costs no query.

    `get(model, key)` answers as `model._default_manager.get_by_natural_key(*key)` would. A
    key it does not hold is looked up in the database, unless its parts have the types of the
    keys it holds (str and int as stored): then the record certainly does not exist, and the
    answer is the same `DoesNotExist` without asking."""

    def __init__(self, using=DEFAULT_DB_ALIAS):
        self.using = using
        self._records = {}  # model -> {natural key: record}
        self._by_pk = {}  # model -> {pk: record}
        self._key_types = {}  # model -> {(type of each part of a key)}
        self._written = set()  # (model, pk) of the records this load wrote
        self._related = {}  # (model, m2m field name) -> {pk: {related pks}}

    @staticmethod
    def indexed(model):
        return model._meta.label_lower in INDEXED_MODELS

    def _index(self, model):
        if model not in self._records:
            self._records[model], self._by_pk[model], self._key_types[model] = {}, {}, set()
            related = [
                (f, self._pks(f.related_model))
                for f in model._meta.concrete_fields
                if f.many_to_one
                and f.related_model is not model
                and self.indexed(f.related_model)
                and f.target_field.primary_key
            ]
            for record in model._default_manager.db_manager(self.using).all():
                for f, targets in related:
                    target = targets.get(getattr(record, f.attname))
                    if target is not None:
                        f.set_cached_value(record, target)
                self._add(record)
        return self._records[model]

    def _pks(self, model):
        self._index(model)
        return self._by_pk[model]

    def _add(self, record):
        model = type(record)
        records, by_pk = self._records[model], self._by_pk[model]
        key = tuple(record.natural_key())
        previous = by_pk.get(record.pk)
        if previous is not None and records.get(key) is not previous:
            records.pop(tuple(previous.natural_key()), None)
        by_pk[record.pk] = record
        other = records.get(key)
        if other is not None and other is not _AMBIGUOUS and other.pk != record.pk:
            records[key] = _AMBIGUOUS
        elif other is not _AMBIGUOUS:
            records[key] = record
        self._key_types[model].add(tuple(type(part) for part in key))

    def get(self, model, key):
        if self.indexed(model):
            records = self._index(model)
            try:
                parts = tuple(key)
                found = records.get(parts)
            except TypeError:  # an unhashable part: the database says what it makes of it
                parts, found = None, None
            if found is not None and found is not _AMBIGUOUS:
                return found
            if found is None and parts is not None:
                if tuple(type(part) for part in parts) in self._key_types[model]:
                    raise model.DoesNotExist(
                        f"{model._meta.object_name} matching query does not exist."
                    )
        return model._default_manager.db_manager(self.using).get_by_natural_key(*key)

    def unwritten(self, model, pk):
        """The record as the database holds it, if this load read it and has not written it
        since; else None."""
        if (model, pk) in self._written or model not in self._by_pk:
            return None
        return self._by_pk[model].get(pk)

    def written(self, record):
        model = type(record)
        self._written.add((model, record.pk))
        if self.indexed(model):
            self._index(model)
            self._add(record)

    def related_pks(self, record, field_name, created):
        """The pks linked to `record` through its many-to-many field, as
        `manager.values_list("pk", flat=True)` gives them; None when unknown."""
        model = type(record)
        if created:
            return set()  # a record just created has no links yet
        m2m = model._meta.get_field(field_name)
        through = m2m.remote_field.through
        if not through._meta.auto_created or (
            m2m.remote_field.symmetrical and m2m.related_model is model
        ):
            return None
        links = self._related.get((model, field_name))
        if links is None:
            links = self._related[(model, field_name)] = {}
            rows = through._default_manager.db_manager(self.using).values_list(
                m2m.m2m_column_name(), m2m.m2m_reverse_name()
            )
            for pk, related_pk in rows:
                links.setdefault(pk, set()).add(related_pk)
        return set(links.get(record.pk, ()))


class _Deserializer(PythonDeserializer):
    """Django's JSON deserializer (the same conversions, the same errors) with the natural
    keys resolved by `NaturalKeys`; the related records it resolves are attached to the new
    instance, so that its natural key and its `clean()` read them without a query."""

    def __init__(self, records, keys):
        super().__init__(records, using=keys.using)
        self.keys = keys

    def _handle_object(self, obj):
        # As django.core.serializers.json.Deserializer does.
        try:
            yield from self._build(obj)
        except (GeneratorExit, DeserializationError):
            raise
        except Exception as exc:
            raise DeserializationError(f"Error deserializing object: {exc}") from exc

    def _build(self, obj):
        # django.core.serializers.python.Deserializer._handle_object, without forward
        # references or unknown fields (the loader uses neither). Its errors carry no cause,
        # as Django's do (`_problem` words them by their message).
        data, m2m_data, related = {}, {}, {}
        Model = self._get_model_from_node(obj["model"])
        if "pk" in obj:
            try:
                data[Model._meta.pk.attname] = Model._meta.pk.to_python(obj.get("pk"))
            except Exception as e:
                raise DeserializationError.WithData(e, obj["model"], obj.get("pk"), None)  # noqa: B904
        for field_name, field_value in obj["fields"].items():
            field = Model._meta.get_field(field_name)
            if field.remote_field and isinstance(field.remote_field, models.ManyToManyRel):
                try:
                    m2m_data[field.name] = self._m2m_values(field, field_value)
                except M2MDeserializationError as e:
                    raise DeserializationError.WithData(  # noqa: B904
                        e.original_exc, obj["model"], obj.get("pk"), e.pk
                    )
            elif field.remote_field and isinstance(field.remote_field, models.ManyToOneRel):
                try:
                    data[field.attname] = self._fk_value(field, field_value, related)
                except Exception as e:
                    raise DeserializationError.WithData(  # noqa: B904
                        e, obj["model"], obj.get("pk"), field_value
                    )
            else:
                try:
                    data[field.name] = field.to_python(field_value)
                except Exception as e:
                    raise DeserializationError.WithData(  # noqa: B904
                        e, obj["model"], obj.get("pk"), field_value
                    )
        yield DeserializedObject(self._instance(Model, data, related), m2m_data, {})

    def _fk_value(self, field, field_value, related):
        # django.core.serializers.base.deserialize_fk_value
        model = field.remote_field.model
        natural = hasattr(field_value, "__iter__") and not isinstance(field_value, str)
        if field_value is None or not (natural and self.keys.indexed(model)):
            return deserialize_fk_value(field, field_value, self.using, False)
        target = self.keys.get(model, field_value)
        value = getattr(target, field.remote_field.field_name)
        if model._meta.pk.remote_field:
            return value.pk
        if field.target_field.primary_key:
            related[field] = target
        return value

    def _m2m_values(self, field, field_value):
        # django.core.serializers.base.deserialize_m2m_values
        model = field.remote_field.model
        if hasattr(model._default_manager, "get_by_natural_key"):

            def m2m_convert(value):
                if hasattr(value, "__iter__") and not isinstance(value, str):
                    return self.keys.get(model, value).pk
                return model._meta.pk.to_python(value)

        else:

            def m2m_convert(value):
                return model._meta.pk.to_python(value)

        try:
            pks_iter = iter(field_value)
        except TypeError as e:
            raise M2MDeserializationError(e, field_value)  # noqa: B904
        try:
            values = []
            for pk in pks_iter:
                values.append(m2m_convert(pk))
            return values
        except Exception as e:
            raise M2MDeserializationError(e, pk)  # noqa: B904

    def _instance(self, Model, data, related):
        # django.core.serializers.base.build_instance
        pk = data.get(Model._meta.pk.attname)
        if (
            pk is None
            and hasattr(Model._meta.default_manager, "get_by_natural_key")
            and hasattr(Model, "natural_key")
        ):
            obj = self._attach(Model(**data), related)
            obj._state.db = self.using
            try:
                data[Model._meta.pk.attname] = Model._meta.pk.to_python(
                    self.keys.get(Model, obj.natural_key()).pk
                )
            except Model.DoesNotExist:
                pass
        return self._attach(Model(**data), related)

    @staticmethod
    def _attach(instance, related):
        for fk, target in related.items():
            fk.set_cached_value(instance, target)
        return instance


def _save(deserialized, report, keys):
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
    if m2m_changed and not changed:
        report.updated[name] += 1
    elif not changed:
        report.unchanged[name] += 1


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
            for deserialized in _Deserializer([record], keys):
                _save(deserialized, report, keys)
        except (
            DeserializationError,
            ValidationError,
            IntegrityError,
            DatabaseError,
            ObjectDoesNotExist,
            ValueError,
            TypeError,
            LookupError,
        ) as exc:
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
        transaction.atomic(),
    ):
        keys = NaturalKeys()  # the natural keys of every file, read once
        for path in paths:
            _load_file(path, report, keys)
        ensure_status_rows(report)
        check_consistency(list(Programme.objects.values_list("code", flat=True)))
        readcache.invalidate_public()  # bulk inserts send no signals
    return report
