"""A focal point's save and submission and the secretariat's acceptance each take the same
few queries whatever the data's size (measured at two sizes); their e-mails only add a row
to the outbox (core/outbox.py), in the same transaction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from mailer.models import Message

from rangestates.models import RangeState
from reporting.choices import ReportState
from tests.reporting.factories import FocalPointFactory, ReportFactory, ReportingCycleFactory

from .conftest import client_with_token
from .factories import build_programme

pytestmark = pytest.mark.django_db

# Queries of each write through the API: the token's user, the report (without what only
# the answer shows), the service's checks, savepoints, lock and writes (the transition, the
# status per range state, the outbox's row), then the answer read again in the transaction
# (the report, its links, documents and transitions). The secretariat's permissions add two.
# The acceptance reads the report with what the review needs next (its activity, range
# state and author) in the locking query. Whether the writer wrote a report (which data version
# their ETag names) is read with their token's user, and whether the author is a focal point
# with the report they may change. The secretariat's reviewers are found in one query; the
# status per range state is one UPDATE.
EXPECTED = {"save": 12, "submit": 19, "accept": 20}


def world(size):
    programme = build_programme(size)
    state = RangeState.objects.get(iso_code="QA")
    focal_point = FocalPointFactory(user__username="nadia", range_states=[state]).user
    cycle = ReportingCycleFactory(programme=programme)
    for activity in programme.activities.order_by("sort_key")[1:]:
        ReportFactory(cycle=cycle, activity=activity, range_state=state, author=focal_point)
    activity = programme.activities.order_by("sort_key").first()
    return ReportFactory(cycle=cycle, activity=activity, range_state=state, author=focal_point)


def counted(client, method, path, etag, **data):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    return response, len(queries)


@pytest.mark.parametrize("size", [2, 6])
def test_writes_take_a_few_queries(size, secretariat_user):
    report = world(size)
    path = f"/api/v1/reports/{report.pk}/"
    as_author = client_with_token(report.author)
    etag = as_author.get(path).headers["ETag"]
    saved, save_queries = counted(as_author, "patch", path, etag, progress="Patrols doubled.")
    submitted, submit_queries = counted(as_author, "post", path + "submit/", saved.headers["ETag"])
    as_secretariat = client_with_token(secretariat_user)
    etag = as_secretariat.get(path).headers["ETag"]
    accepted, accept_queries = counted(as_secretariat, "post", path + "accept/", etag)
    assert accepted.json()["state"] == ReportState.ACCEPTED
    assert Message.objects.count() == 2  # "submitted" to the secretariat, "accepted" to the author
    assert {"save": save_queries, "submit": submit_queries, "accept": accept_queries} == EXPECTED
    assert submitted.json()["state"] == ReportState.SUBMITTED


def test_only_an_acceptance_rebuilds_a_search_document(
    secretariat_user, django_capture_on_commit_callbacks
):
    """A draft saved or submitted was never public: it has no search document, so nothing is
    done for the search once its change is committed. An acceptance builds the document, and
    a reopening removes it."""
    report = world(2)
    path = f"/api/v1/reports/{report.pk}/"
    as_author = client_with_token(report.author)
    etag = as_author.get(path).headers["ETag"]
    with django_capture_on_commit_callbacks() as after_save:
        saved, _count = counted(as_author, "patch", path, etag, progress="Patrols doubled.")
    with django_capture_on_commit_callbacks() as after_submit:
        counted(as_author, "post", path + "submit/", saved.headers["ETag"])
    as_secretariat = client_with_token(secretariat_user)
    etag = as_secretariat.get(path).headers["ETag"]
    with django_capture_on_commit_callbacks(execute=True) as after_accept:
        counted(as_secretariat, "post", path + "accept/", etag)

    def search_work(callbacks):
        return [c for c in callbacks if c.__module__ == "reporting.search"]

    assert search_work(after_save) == search_work(after_submit) == []
    assert len(search_work(after_accept)) == 1
    from core.models import SearchDocument

    assert SearchDocument.objects.filter(kind="report", object_id=report.pk).exists()
    from reporting.models import Report
    from reporting.services import workflow

    with django_capture_on_commit_callbacks(execute=True) as after_reopen:
        workflow.reopen(Report.objects.get(pk=report.pk), by=secretariat_user, comment="A figure.")
    assert len(search_work(after_reopen)) == 1
    assert not SearchDocument.objects.filter(kind="report", object_id=report.pk).exists()
