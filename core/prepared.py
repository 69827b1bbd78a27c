"""Queries compiled once, run many times: for the reads every API request makes.

Building a queryset and compiling it to SQL costs more than running it, for the small queries
of one object (an activity's eleven relations, a report's links, the token's user): most of
an answer's time went there. `Prepared` builds its queryset once per database connection,
language and shape (the number of values of each list), with placeholder values, and keeps
the SQL; each call runs that SQL with the real values and gives the rows as `values()` or
`values_list()` would (the database's converters applied), through the connection's cursor
(so its execute wrappers see it: query counts, the data version).

The queryset must take everything that varies as arguments of `build` (a value, or a list
for `__in`), each compared as it is, once or more (no `__icontains`, whose value would be
changed). Values are passed as the ORM would pass them: integers as `int`, texts as `str`.

`Prepared(..., per_language=False)`, for a query whose SQL is the same in every language (it
reads no translated column, django-modeltranslation's): compiled once for all languages, the
language not asked for at each call.

`Prepared(..., planned_once=True)`, for a query every request makes (the API token's user):
on PostgreSQL the statement is also prepared on the server (`PREPARE`), once per database
session, so that the server plans it once rather than at each call, where planning cost
several times the run of so small a query. Each call is one query (`EXECUTE`); the first in
a session first asks the server whether it has the statement and prepares it if not, beside
the queries counted, as Django's own health check does.
"""

import hashlib
import re
import weakref
from functools import cache

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.utils.translation import get_language


@cache
def columns(model) -> tuple[str, ...]:
    """A model's columns in the order `Model.from_db` takes them: what a prepared query
    reads (`values_list(*columns(model))`) to make instances of its rows. Listed once per
    model."""
    return tuple(field.attname for field in model._meta.concrete_fields)


_FIRST_NUMBER = 1_987_654_301  # placeholders: within every database's integers
_TEXT_MARK = "cami0prepared0"
_MAX_SHAPES = 500


class _Placeholders:
    def __init__(self):
        self.count = 0

    def like(self, value):
        self.count += 1
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(f"A prepared query takes integers and texts, not {value!r}.")
        if isinstance(value, int):
            return _FIRST_NUMBER + self.count
        return f"{_TEXT_MARK}{self.count}0"


#: A placeholder of the database driver's SQL (`%s`) or a percent sign written twice.
_DRIVER_PLACEHOLDER = re.compile(r"%([s%])")
#: {database session (the driver's connection): the names of the statements prepared there}
_SESSIONS = weakref.WeakKeyDictionary()


class _ServerStatement:
    """A statement prepared on the PostgreSQL server, under a name given by its SQL."""

    def __init__(self, sql, count):
        self.name = "cami_" + hashlib.md5(sql.encode(), usedforsecurity=False).hexdigest()
        numbers = iter(range(1, count + 1))
        body = _DRIVER_PLACEHOLDER.sub(
            lambda found: f"${next(numbers)}" if found[1] == "s" else "%", sql
        )
        self.prepare = f"PREPARE {self.name} AS {body}"
        arguments = f"({', '.join(['%s'] * count)})" if count else ""
        self.execute = f"EXECUTE {self.name}{arguments}"

    def run(self, connection, cursor, sql, params):
        session = connection.connection
        known = _SESSIONS.get(session)
        if known is None:
            known = _SESSIONS[session] = set()
        if self.name not in known:
            try:
                self._prepare(session)
            except connection.Database.Error:
                # A transaction that failed already, a server gone: the query itself says so.
                cursor.execute(sql, params)
                return
            known.add(self.name)
        cursor.execute(self.execute, params)

    def _prepare(self, session):
        with session.cursor() as cursor:  # the driver's: not one of the request's queries
            cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [self.name])
            if cursor.fetchone() is None:
                cursor.execute(self.prepare)


class Prepared:
    """`Prepared(build)`: `build(*values)` makes a `values()` queryset (`values_list()` with
    `tuples=True`); calling the `Prepared` with values gives its rows, as a list."""

    def __init__(self, build, *, model, tuples=False, planned_once=False, per_language=True):
        self.build, self.model, self.tuples = build, model, tuples
        self.planned_once, self.per_language = planned_once, per_language
        self._compiled = {}

    def _compile(self, alias, connection, values):
        places = _Placeholders()
        sample = [
            [places.like(item) for item in value] if isinstance(value, list) else places.like(value)
            for value in values
        ]
        queryset = self.build(*sample).using(alias)
        query = queryset.query
        compiler = query.get_compiler(using=alias, connection=connection)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if any(value == [] for value in values):  # `__in` an empty list: no rows
                return None
            # A placeholder outside the column's integers (a small integer field): the ORM
            # would drop the condition, which the real values need.
            raise RuntimeError("A prepared query compares integers of the ids' range.") from None
        where = {}
        for index, value in enumerate(sample):
            for position, item in enumerate(value if isinstance(value, list) else [value]):
                where[item] = (index, position if isinstance(value, list) else None)
        slots = [
            where.get(param, (None, param)) if isinstance(param, (int, str)) else (None, param)
            for param in params
        ]
        # Each value compared as it is, once or more (a rule naming one range state in three
        # conditions); none changed by the query (a placeholder's text within a constant).
        found = {slot for slot in slots if slot[0] is not None}
        constants = [const for index, const in slots if index is None]
        changed = any(isinstance(const, str) and _TEXT_MARK in const for const in constants)
        if changed or found != set(where.values()):
            raise RuntimeError("A prepared query must compare each of its values as it is.")
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        # django-modeltranslation's querysets read a translated field's name (`name`) as its
        # languages' columns (refused here: name them, `name_en`...), and select the columns
        # in another order than asked for (given back in the order asked for, as its own).
        if getattr(queryset, "translation_fields", None):
            raise TypeError("A prepared query names the translated columns (name_en, ...).")
        asked = getattr(queryset, "original_fields", None) or names
        if sorted(asked) != sorted(names):
            raise RuntimeError("A prepared query selects other columns than asked for.")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise TypeError("A prepared query does not read composite fields.")
        converters = compiler.get_converters(fields)
        indexes = [names.index(name) for name in asked]
        server = None
        if self.planned_once and connection.vendor == "postgresql":
            server = _ServerStatement(sql, len(slots))
        return sql, slots, compiler, converters, list(asked), indexes, server

    def __call__(self, *values):
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        shape = tuple(len(value) if isinstance(value, list) else -1 for value in values)
        key = (connection, get_language() if self.per_language else None, shape)
        try:
            compiled = self._compiled[key]
        except KeyError:
            if len(self._compiled) > _MAX_SHAPES:
                self._compiled.clear()
            compiled = self._compiled[key] = self._compile(alias, connection, values)
        if compiled is None:
            return []
        sql, slots, compiler, converters, names, indexes, server = compiled
        params = [
            const if index is None else (values[index] if const is None else values[index][const])
            for index, const in slots
        ]
        with connection.cursor() as cursor:
            if server is None:
                cursor.execute(sql, params)
            else:
                server.run(connection, cursor, sql, params)
            rows = cursor.fetchall()
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        if converters:  # what results_iter() does, with the converters found once
            rows = compiler.apply_converters(rows, converters)
        # The columns read in the order asked for, and no others: each row taken as it is.
        in_order = len(indexes) == compiler.col_count and indexes == list(range(len(indexes)))
        if self.tuples:
            if in_order:
                return [tuple(row) for row in rows]
            return [tuple([row[i] for i in indexes]) for row in rows]
        if in_order:  # the columns as asked for: zipped in C
            return [dict(zip(names, row, strict=True)) for row in rows]
        named = list(zip(names, indexes, strict=True))
        return [{name: row[i] for name, i in named} for row in rows]


def joined_columns(model, related=()) -> list[str]:
    """What a prepared query reads (`values_list(*joined_columns(...))`) to make an instance
    of `model` with the relations `related` (foreign keys' names) as `select_related` makes
    them (`joined_instance`)."""
    names = list(columns(model))
    for name in related:
        remote = model._meta.get_field(name).related_model
        names += [f"{name}__{column}" for column in columns(remote)]
    return names


def joined_instance(model, row, related=(), *, db):
    """The instance of `model` of a `row` read with `joined_columns(model, related)`, each
    relation of `related` cached (None where the foreign key is empty), as `select_related`
    gives it."""
    start = len(columns(model))
    instance = model.from_db(db, columns(model), row[:start])
    for name in related:
        field = model._meta.get_field(name)
        remote = field.related_model
        end = start + len(columns(remote))
        values = row[start:end]
        start = end
        if getattr(instance, field.attname) is None:
            field.set_cached_value(instance, None)
        else:
            field.set_cached_value(instance, remote.from_db(db, columns(remote), values))
    return instance
