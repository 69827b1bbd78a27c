"""The fixtures' records deserialized for `load_programme` with their natural keys resolved
from memory: each table the programme refers to is read once per load into a dictionary
(`NaturalKeys`), instead of a query or more per record."""

from django.core.serializers.base import (
    DeserializationError,
    DeserializedObject,
    M2MDeserializationError,
    deserialize_fk_value,
)
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, models

INDEXED_MODELS = frozenset(
    {
        "programme.programme",
        "programme.objective",
        "programme.issue",
        "programme.actor",
        "programme.activity",
        "programme.subactivity",
        "programme.responsibility",
        "programme.programmespecies",
        "programme.programmerangestate",
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


class RecordDeserializer(PythonDeserializer):
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
