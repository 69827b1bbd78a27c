"""The data version (core/readcache.py): every write to what the portal shows changes it, bulk
writes included, and the API's conditional reads rest on it (core/api/conditional.py)."""

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from core import readcache
from programme.choices import ImplementationStatus
from programme.models import Activity, ActivityStatus
from programme.services import set_status
from reporting.models import Report

from .conftest import REPORTS, accept_submitted_report, api

pytestmark = pytest.mark.django_db

ROOMS = ("programme", "species", "rangestates", "reporting")


def changes_the_version(write) -> bool:
    before = readcache.data_version()
    write()
    return readcache.data_version() != before


def test_every_table_of_the_rooms_and_the_users_are_watched():
    for label in ROOMS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            assert model._meta.db_table in readcache._tables, model
    assert "auth_user" in readcache._tables
    assert "django_session" not in readcache._tables


def test_a_save_changes_the_data_version(portal):
    activity = portal.activities["fresh"]
    assert changes_the_version(lambda: Activity.objects.get(pk=activity.pk).save())


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda p: Report.objects.filter(pk=p.reports["kg_draft"].pk).update(
            progress="Bulk."), id="QuerySet.update"),  # fmt: skip
        pytest.param(lambda p: ActivityStatus.objects.bulk_update(
            [ActivityStatus.objects.get(activity=p.activities["fresh"])], ["note"]),
            id="bulk_update"),  # fmt: skip
        pytest.param(lambda p: Report.objects.filter(pk=p.reports["kg_draft"].pk).delete(),
                     id="QuerySet.delete"),  # fmt: skip
        pytest.param(lambda p: connection.cursor().execute(
            "UPDATE programme_activity SET short_title = short_title"), id="raw SQL"),  # fmt: skip
    ],
)
def test_every_bulk_write_changes_the_data_version(portal, write):
    assert changes_the_version(lambda: write(portal))


def test_bulk_create_changes_the_data_version(portal):
    from tests.factories import ActivityFactory

    template = ActivityFactory.build(programme=portal.programme, issue=portal.activities[
        "fresh"].issue, code="9.9.9")  # fmt: skip
    assert changes_the_version(lambda: Activity.objects.bulk_create([template]))


def test_signing_in_and_sessions_change_nothing(portal):
    user = portal.users["partner"]
    user.set_password("a-long-password-for-pat")
    user.save()
    client = Client()
    assert not changes_the_version(
        lambda: client.post("/accounts/login/", {"username": user.username,
                                                 "password": "a-long-password-for-pat"})
    )  # fmt: skip
    assert "_auth_user_id" in client.session


def test_a_change_changes_the_version_again_when_its_transaction_commits(portal):
    activity = portal.activities["fresh"]
    before = readcache.data_version()
    set_status(
        activity,
        status=ImplementationStatus.DELAYED,
        by=portal.users["secretariat"],
        expected_version=activity.status.version,
    )
    during = readcache.data_version()
    assert during != before  # at once...
    at_commit = [
        f for _sids, f, _robust in connection.run_on_commit if isinstance(f, readcache._AtCommit)
    ]
    assert len(at_commit) == 1  # once per transaction, however many statements
    at_commit[0]()
    assert readcache.data_version() != during  # ...and again at the commit


@pytest.mark.django_db(transaction=True)  # the service's own transaction commits
def test_a_transaction_changes_the_version_in_one_round_trip_at_its_commit(portal, monkeypatch):
    """Nobody else sees a transaction's writes before its commit: its statements do not
    change the version one by one (a round trip to the cache each), the commit does, once."""

    class Counting:
        def __init__(self, cache):
            self.cache, self.set_many_calls = cache, 0

        def __getattr__(self, name):
            return getattr(self.cache, name)

        def set_many(self, *args, **kwargs):
            self.set_many_calls += 1
            return self.cache.set_many(*args, **kwargs)

    activity = portal.activities["fresh"]
    before = readcache.data_version()
    counting = Counting(readcache.cache)
    monkeypatch.setattr(readcache, "cache", counting)
    seen = []

    def watch(execute, sql, params, many, context):
        if readcache.writes_shown_data(sql):
            seen.append(counting.set_many_calls)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        set_status(
            activity,
            status=ImplementationStatus.DELAYED,
            by=portal.users["secretariat"],
            expected_version=activity.status.version,
        )
    assert len(seen) > 1  # several statements, none changing the version before the next...
    assert seen == [0] * len(seen)
    assert counting.set_many_calls == 1  # ...the commit did, once
    after = readcache.data_version()
    assert after != before
    assert readcache.data_version() == after  # nothing left to flush


def test_a_deferred_bulk_write_changes_the_version_once_at_the_end(portal):
    before = readcache.data_version()
    with readcache.deferred():
        Activity.objects.filter(pk=portal.activities["fresh"].pk).update(short_title="x")
        assert readcache.data_version() == before
    assert readcache.data_version() != before


# --- conditional reads ----------------------------------------------------------------------


def test_an_unchanged_read_is_a_304_without_a_query_and_follows_changes(
    portal, django_assert_num_queries
):
    client = api(portal, "anonymous")
    first = client.get(REPORTS)
    etag = first.headers["ETag"]
    with django_assert_num_queries(0):
        not_modified = client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.headers["ETag"] == etag
    assert not_modified.content == b""

    accept_submitted_report(portal)

    changed = client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "SECRET-kg-submitted" in changed.text


def test_a_partner_scripts_304_costs_only_its_token(portal, django_assert_num_queries):
    client = api(portal, "partner")
    etag = client.get(REPORTS).headers["ETag"]
    # The token and its user, with whether they wrote a report (which data version to read),
    # in one query.
    with django_assert_num_queries(1):
        assert client.get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_etag_is_the_same_in_every_language_and_if_match_takes_it(portal):
    client = api(portal, "kg")
    draft = portal.reports["kg_draft"]
    path = f"{REPORTS}{draft.pk}/"
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
    assert english.headers["ETag"] == french.headers["ETag"]
    assert english.headers["ETag"].endswith(f'.v{draft.version}"')
    assert client.get(path, HTTP_IF_NONE_MATCH=french.headers["ETag"]).status_code == 304
    saved = client.patch(
        path, {"progress": "Read in French, sent in English."}, content_type="application/json",
        HTTP_IF_MATCH=french.headers["ETag"], HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert saved.status_code == 200, saved.content
    # A write elsewhere does not make the object's ETag refuse the next write...
    accept_submitted_report(portal)
    again = client.patch(
        path, {"progress": "Again."}, content_type="application/json",
        HTTP_IF_MATCH=saved.headers["ETag"],
    )  # fmt: skip
    assert again.status_code == 200, again.content
    # ...but a change to the object itself does.
    stale = client.patch(
        path, {"progress": "Late."}, content_type="application/json",
        HTTP_IF_MATCH=saved.headers["ETag"],
    )  # fmt: skip
    assert stale.status_code == 412


def test_each_reader_has_their_own_etags(portal):
    anonymous = api(portal, "anonymous").get(REPORTS).headers["ETag"]
    author = api(portal, "kg")
    assert author.get(REPORTS).headers["ETag"] != anonymous
    assert author.get(REPORTS, HTTP_IF_NONE_MATCH=anonymous).status_code == 200


def test_without_a_data_version_the_etag_is_the_answers_hash(portal, monkeypatch):
    monkeypatch.setattr(readcache, "data_version", lambda public=True: None)
    monkeypatch.setattr(readcache, "data_version_and", lambda keys=(), public=True: (None, None))
    client = api(portal, "anonymous")
    first = client.get(REPORTS)
    assert first.status_code == 200
    again = client.get(REPORTS, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304  # decided after building the answer


@pytest.mark.parametrize("role", ["partner", "kg", "secretariat"])
def test_the_tokens_query_reads_the_same_rule_as_the_pages(portal, role):
    """Who reads the whole data version, read with the API token's user, is what
    reporting.access.sees_unpublished_reports answers for the same person."""
    from core.api.authentication import user_of_token
    from reporting.access import sees_unpublished_reports

    user = portal.users[role]
    token = portal.tokens[role]
    read = user_of_token(token)
    assert read == user
    assert read._sees_private == sees_unpublished_reports(user)
