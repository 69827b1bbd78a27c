"""Queries compiled once (core.prepared) give the rows the ORM gives, whatever the values, the
number of values, the language or the database's converters (dates on SQLite)."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.prepared import _SESSIONS, Prepared, _ServerStatement
from rangestates.models import RangeState
from tests.factories import LandscapeFactory, RangeStateFactory

pytestmark = pytest.mark.django_db


def states(codes, since):
    return (
        RangeState.objects.filter(iso_code__in=codes, pk__gte=since)
        .order_by("name", "pk")  # the current language's names
        .values("id", "iso_code", "name_en", "name_fr", "cms_party_since")
    )


STATES = Prepared(states, model=RangeState)
PAIRS = Prepared(
    lambda ids: (
        RangeState.landscapes.through.objects.filter(rangestate_id__in=ids)
        .order_by("rangestate_id", "landscape__slug")
        .values_list("rangestate__iso_code", "landscape__slug")
    ),
    model=RangeState,
    tuples=True,
)


@pytest.fixture
def countries(db):
    found = []
    names = [("KG", "Kyrgyzstan", "Kirghizistan"), ("TJ", "Tajikistan", "Tadjikistan")]
    for year, (code, en, fr) in enumerate([*names, ("MN", "B", "A")]):
        state = RangeStateFactory(iso_code=code, name_en=en, name_fr=fr, cms_party=True)
        state.cms_party_since = 2000 + year
        state.save()
        found.append(state)
    LandscapeFactory(slug="pamir").range_states.add(*found[:2])
    LandscapeFactory(slug="altai").range_states.add(found[0])
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_rows_of_the_orm(countries, language):
    with translation.override(language):
        for codes, since in [(["KG"], 0), (["KG", "TJ", "MN"], 2001), (["TJ", "MN"], 0), ([], 0)]:
            assert STATES(codes, since) == list(states(codes, since))
        ids = [state.pk for state in countries]
        assert PAIRS(ids) == [("KG", "altai"), ("KG", "pamir"), ("TJ", "pamir")]
        assert PAIRS(ids[2:]) == []


def test_the_databases_converters(countries):
    history = RangeState.history.model  # django-simple-history's: a date and time per row

    def changes(codes):
        return (
            history.objects.filter(iso_code__in=codes)
            .order_by("history_id")
            .values_list("history_id", "history_date", "iso_code", "cms_party")
        )

    rows = Prepared(changes, model=history, tuples=True)(["KG", "MN"])
    assert rows == list(changes(["KG", "MN"])) and len(rows) >= 2
    assert isinstance(rows[0][1], datetime.datetime) and rows[0][1].tzinfo is not None
    assert rows[0][3] is True  # SQLite's 1 converted


def test_the_order_asked_for(countries):
    # django-modeltranslation's querysets select the columns in an order of their own.
    def names(codes):
        return (
            RangeState.objects.filter(iso_code__in=codes)
            .order_by("iso_code")
            .values_list("name_fr", "iso_code", "name_en", "cms_party_since", "id")
        )

    rows = Prepared(names, model=RangeState, tuples=True)(["TJ", "KG"])
    assert rows == list(names(["TJ", "KG"]))
    assert rows[0][:4] == ("Kirghizistan", "KG", "Kyrgyzstan", 2000)
    assert [list(row) for row in STATES(["KG"], 0)] == [list(row) for row in states(["KG"], 0)]


def test_a_translated_fields_name_is_refused(countries):
    query = Prepared(lambda pk: RangeState.objects.filter(pk=pk).values("name"), model=RangeState)
    with pytest.raises(TypeError):
        query(countries[0].pk)


def test_one_query_each_time(countries, django_assert_num_queries):
    STATES(["KG"], 0)
    with django_assert_num_queries(1):
        assert len(STATES(["KG", "TJ"], 0)) == 2


def test_a_value_that_the_query_changes_is_refused(countries):
    query = Prepared(
        lambda name: RangeState.objects.filter(name_en__icontains=name).values("pk"),
        model=RangeState,
    )
    with pytest.raises(RuntimeError):
        query("kyr")


PLANNED_ONCE = Prepared(states, model=RangeState, planned_once=True)


def prepared_on_server():
    """The names of the statements prepared in this database session (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_planned_once_gives_the_rows_of_the_orm_in_one_query_each_time(
    countries, language, django_assert_num_queries
):
    with translation.override(language):
        for codes, since in [(["KG"], 0), (["KG", "TJ", "MN"], 2001), (["KG"], 0), ([], 0)]:
            expected = list(states(codes, since))
            with django_assert_num_queries(0 if codes == [] else 1):
                assert PLANNED_ONCE(codes, since) == expected


def test_planned_once_by_the_server_on_postgresql(countries):
    PLANNED_ONCE(["KG"], 0)
    with CaptureQueriesContext(connection) as queries:
        assert len(PLANNED_ONCE(["TJ"], 0)) == 1
    if connection.vendor != "postgresql":
        assert queries.captured_queries[0]["sql"].startswith("SELECT")
        return
    (sql,) = [query["sql"] for query in queries.captured_queries]
    name = sql.split()[1].split("(")[0]
    assert sql.startswith("EXECUTE cami_") and name in prepared_on_server()


def test_the_servers_parameters_and_percent_signs():
    statement = _ServerStatement("SELECT 'a%%s' WHERE x = %s AND y IN (%s, %s)", 3)
    assert statement.execute == f"EXECUTE {statement.name}(%s, %s, %s)"
    assert statement.prepare == (
        f"PREPARE {statement.name} AS SELECT 'a%s' WHERE x = $1 AND y IN ($2, $3)"
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's PREPARE")
def test_a_statement_the_session_has_is_not_prepared_again(countries, django_assert_num_queries):
    query = Prepared(
        lambda code: RangeState.objects.filter(iso_code=code).values("iso_code"),
        model=RangeState,
        planned_once=True,
    )
    query("KG")
    _SESSIONS.pop(connection.connection)  # what the session holds is forgotten here
    with django_assert_num_queries(1):
        assert query("TJ") == [{"iso_code": "TJ"}]
    assert PLANNED_ONCE(["KG"], 0) == list(states(["KG"], 0))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's PREPARE")
def test_in_a_failed_transaction_the_querys_own_error(countries):
    query = Prepared(
        lambda code: RangeState.objects.filter(iso_code=code).values("iso_code"),
        model=RangeState,
        planned_once=True,
    )
    with transaction.atomic():
        before = transaction.savepoint()
        with pytest.raises(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
        with pytest.raises(DatabaseError, match="current transaction is aborted"):
            query("KG")
        transaction.savepoint_rollback(before)
        assert query("KG") == [{"iso_code": "KG"}]


def test_a_value_compared_more_than_once(countries):
    def named(code):
        return (
            RangeState.objects.filter(Q(iso_code=code) | Q(landscapes__range_states__iso_code=code))
            .order_by("iso_code")
            .distinct()
            .values_list("iso_code", flat=False)
        )

    query = Prepared(named, model=RangeState, tuples=True)
    for code in ["KG", "TJ", "MN", "XX"]:
        assert query(code) == list(named(code))
    assert query("KG") == [("KG",), ("TJ",)]  # TJ shares the Pamir with KG


def test_a_value_compared_as_it_is_and_changed_is_refused(countries):
    query = Prepared(
        lambda name: (
            RangeState.objects.filter(name_en=name, name_fr__icontains=name).values("pk")
        ),
        model=RangeState,
    )
    with pytest.raises(RuntimeError):
        query("Kyrgyzstan")


def test_per_language_false_is_compiled_once_for_every_language(countries):
    codes = Prepared(
        lambda code: RangeState.objects.filter(iso_code=code).values_list("iso_code", "pk"),
        model=RangeState,
        tuples=True,
        per_language=False,
    )
    rows = {}
    for language in ("en", "fr", "ru"):
        with translation.override(language):
            rows[language] = codes("KG")
    assert rows["en"] == rows["fr"] == rows["ru"] == list(
        RangeState.objects.filter(iso_code="KG").values_list("iso_code", "pk")
    )
    assert len(codes._compiled) == 1
