"""The activities and reports the API builds from plain rows (programme/api/builders.py,
reporting/api/builders.py) are what the serializers, which the schema describes, give for the
same objects: every field, in every language, with the fallback markers, for every reader."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from programme.api.serializers import ActivitySerializer
from programme.models import Activity, ProgrammeRangeState
from programme.querysets import code_sort_key
from rangestates.api.filtersets import RangeStateFilterSet
from rangestates.api.serializers import RangeStateSerializer
from rangestates.models import RangeState
from reporting.api.serializers import ReportSerializer
from reporting.choices import ReportState
from reporting.models import RangeStateActivityStatus, Report, ReportAttachment, ReportLink
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    SpeciesFactory,
    SubActivityFactory,
)
from tests.reporting.factories import ReportFactory, ReportTransitionFactory

from .conftest import client_with_token
from .factories import build_programme

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "ru"]


def serializer_request(user=None, path="/"):
    request = Request(APIRequestFactory().get(path))
    if user is not None:
        request.user = user
    return request


def expected_activities(programme, user=None):
    queryset = (
        Activity.objects.for_public_detail()
        .prefetch_related("country_statuses__range_state")
        .filter(programme=programme)
        .order_by("programme", "sort_key", "pk")
    )
    context = {"request": serializer_request(user)}
    return [ActivitySerializer(activity, context=context).data for activity in queryset]


def assert_same(built, expected):
    assert len(built) == len(expected)
    for one, other in zip(built, expected, strict=True):
        assert set(one) == set(other)
        for name in other:
            assert one[name] == other[name], (one.get("code", one.get("id")), name)


@pytest.fixture
def varied_programme(db):
    """Activities with every relation, with and without a status, with texts missing in some
    languages, with sub-items and a crosswalk to an earlier programme."""
    programme = build_programme(3)
    activities = list(programme.activities.order_by("sort_key"))
    first = activities[0]
    first.short_title_en, first.short_title_fr, first.short_title_ru = "Short", "", "Коротко"
    first.heading_en, first.heading_ru = "Heading", "Заголовок"
    first.actors_text_fr = "Acteurs"
    first.save()
    first.status.delete()
    sub = SubActivityFactory(activity=activities[1], position=3, letter="c")
    sub.heading_ru, sub.text_ru, sub.priority = "Подпункт", "Текст", activities[1].priority
    sub.save()
    earlier = ProgrammeFactory(
        code="cami-2008-2013", start_year=2008, end_year=2013, is_current=False
    )
    old = ActivityFactory(issue=IssueFactory(objective=ObjectiveFactory(programme=earlier)))
    first.continues.add(old)
    activities[1].referenced_activities.add(first, activities[2])
    activities[2].species.add(SpeciesFactory(slug="aaa-first", common_name_ru="Первый"))
    assert code_sort_key(first.code)
    return programme


@pytest.mark.parametrize("language", LANGUAGES)
def test_activity_list_and_detail_are_the_serializers(api, varied_programme, language):
    with translation.override(language):
        expected = expected_activities(varied_programme)
    response = api.get(f"/api/v1/activities/?lang={language}")
    assert response.status_code == 200
    assert_same(response.json()["results"], expected)
    for activity in expected:
        one = api.get(f"/api/v1/activities/{activity['code']}/?lang={language}")
        assert one.status_code == 200
        assert_same([one.json()], [activity])
    if language == "en":
        assert all(a["fallback"] == {} for a in expected if a["code"] != "1.1.1")
    else:
        assert any(a["fallback"] for a in expected)  # the markers are there to compare
        assert response.headers["Content-Language"].startswith(language + ", ")


def test_earlier_programme_lists_its_continuation(api, varied_programme):
    expected = expected_activities(Activity.objects.get(programme__code="cami-2008-2013").programme)
    response = api.get("/api/v1/activities/?programme=cami-2008-2013")
    assert_same(response.json()["results"], expected)
    assert response.json()["results"][0]["continued_as"]


def test_an_unknown_activity_is_a_404(api, varied_programme):
    response = api.get("/api/v1/activities/9.9.9/")
    assert response.status_code == 404
    assert "9.9.9" in response.json()["detail"]


# --- Reports -------------------------------------------------------------------------------


@pytest.fixture
def reports(varied_programme, focal_point, snow_leopard):
    activity = varied_programme.activities.order_by("sort_key").first()
    cycle = Report.objects.first().cycle
    own = ReportFactory(
        cycle=cycle,
        activity=activity,
        species=snow_leopard,
        author=focal_point,
        status="",
        funding_amount=Decimal("12500.5"),
        funding_currency="USD",
        reopened_until=cycle.deadline + datetime.timedelta(days=10),
    )
    ReportTransitionFactory(report=own, from_state="", to_state=ReportState.DRAFT, comment="Go")
    ReportLink.objects.create(report=own, url="https://example.org/a", title="")
    ReportAttachment.objects.create(
        report=own,
        file=SimpleUploadedFile("survey.pdf", b"%PDF-1.4 test"),
        original_name="survey.pdf",
        content_type="application/pdf",
        size=13,
    )
    accepted = Report.objects.filter(state=ReportState.ACCEPTED).first()
    ReportTransitionFactory(
        report=accepted, from_state=ReportState.SUBMITTED, to_state=ReportState.ACCEPTED
    )
    return own


def expected_reports(user):
    queryset = (
        Report.objects.visible_to(user)
        .for_listing()
        .select_related("activity__programme")
        .prefetch_related("links", "attachments", "transitions")
        .in_natural_order()
    )
    context = {"request": serializer_request(user)}
    return [ReportSerializer(report, context=context).data for report in queryset]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("reader", ["anonymous", "author", "secretariat"])
def test_report_list_is_the_serializers(
    api, reports, focal_point, secretariat_user, reader, language
):
    from django.contrib.auth.models import AnonymousUser

    user = {"anonymous": AnonymousUser(), "author": focal_point, "secretariat": secretariat_user}[
        reader
    ]
    client = api if reader == "anonymous" else client_with_token(user)
    with translation.override(language):
        expected = expected_reports(user)
    response = client.get(f"/api/v1/reports/?lang={language}")
    assert response.status_code == 200
    built = response.json()["results"]
    assert_same(built, expected)
    ids = {report["id"] for report in built}
    assert (reports.pk in ids) == (reader != "anonymous")
    for report in expected:  # one report is built the same way
        one = client.get(f"/api/v1/reports/{report['id']}/?lang={language}")
        assert one.status_code == 200
        assert_same([one.json()], [report])
    if reader != "anonymous":
        own = next(report for report in built if report["id"] == reports.pk)
        assert own["transitions"] and own["attachments"] and own["funding_amount"] == "12500.50"
        assert own["status"] is None and own["species"]["slug"] == "snow-leopard"


def test_nested_statuses_name_their_report(api, varied_programme):
    status = RangeStateActivityStatus.objects.first()
    activity = api.get(f"/api/v1/activities/{status.activity.code}/").json()
    assert activity["range_state_statuses"][0]["report"].endswith(
        f"/api/v1/reports/{status.report_id}/"
    )


# --- Range states ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", ["", "programme={code}", "cms_party=true&page_size=2"])
def test_range_state_list_is_the_serializers(api, varied_programme, language, query):
    states = RangeState.objects.order_by("name_en", "pk")
    first, second = states[:2]
    first.name_fr, first.cms_party, first.cms_party_since = "", True, 2001
    first.save()
    second.cms_party = True
    second.save()
    second.landscapes.add(*first.landscapes.all())
    ProgrammeRangeState.objects.get_or_create(programme=varied_programme, range_state=second)
    query = query.format(code=varied_programme.code)
    path = f"/api/v1/range-states/?{query}&lang={language}".replace("?&", "?")
    data = dict(pair.split("=") for pair in query.split("&") if pair)
    data.pop("page_size", None)
    states = RangeStateFilterSet(data, queryset=states).qs
    with translation.override(language):
        context = {"request": serializer_request(path=path)}
        expected = [
            RangeStateSerializer(state, context=context).data
            for state in states.prefetch_related("landscapes")
        ][: 2 if "page_size" in query else None]
    response = api.get(path)
    assert response.status_code == 200
    built = response.json()["results"]
    assert built and any(state["landscapes"] for state in built)
    assert_same(built, expected)
