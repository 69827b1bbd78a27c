"""The reports' tally (reporting/models/tallies.py) is what counting the reports gives, after
every kind of write the portal or anyone else makes: the services' workflow, the ORM's saves,
bulk creates, bulk updates and deletes, raw SQL, and a cycle's reports moved; and the counts
that read it are the counts of the reports."""

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Coalesce

from core.backup import included_models
from reporting import services
from reporting.choices import ReportState
from reporting.models import Report, ReportTally
from tests.factories import ActivityFactory, ProgrammeFactory, RangeStateFactory, SpeciesFactory

from .factories import FocalPointFactory, ReportFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def counted():
    """{(cycle, country, state): n} counted from the reports themselves."""
    rows = (
        Report.objects.values_list("cycle_id", Coalesce("range_state_id", 0), "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(cycle, country, state): n for cycle, country, state, n in rows}


def tallied():
    rows = ReportTally.objects.values_list("cycle_id", "country", "state", "count")
    assert all(n >= 0 for *_key, n in rows)
    return {(cycle, country, state): n for cycle, country, state, n in rows if n}


@pytest.fixture
def world():
    programme = ProgrammeFactory()
    cycles = [ReportingCycleFactory(programme=programme) for _ in range(2)]
    activities = [ActivityFactory(issue__objective__programme=programme) for _ in range(4)]
    kg, tj = RangeStateFactory(iso_code="KG"), RangeStateFactory(iso_code="TJ")
    return programme, cycles, activities, kg, tj


def test_the_tally_follows_every_kind_of_write(world):
    programme, cycles, activities, kg, tj = world
    assert tallied() == counted() == {}
    focal_point = FocalPointFactory(range_states=[kg])
    author = focal_point.user
    reports = [
        ReportFactory(cycle=cycles[0], activity=activity, range_state=kg, author=author)
        for activity in activities
    ]
    ReportFactory(cycle=cycles[1], activity=activities[0], range_state=tj)
    ReportFactory(cycle=cycles[1], activity=activities[1], species=SpeciesFactory(),
                  range_state=None, state=ReportState.ACCEPTED)  # fmt: skip
    assert tallied() == counted()
    assert counted()[(cycles[0].pk, kg.pk, ReportState.DRAFT)] == 4

    # The workflow's services.
    submitted = services.submit(reports[0], by=author)
    assert tallied() == counted()
    from tests.factories import UserFactory

    officer = UserFactory(is_staff=True, is_superuser=True)
    services.accept(submitted, by=officer)
    assert tallied() == counted()
    # A save that leaves the state alone leaves the tally alone.
    reports[1].progress = "More patrols."
    reports[1].save()
    assert tallied() == counted()

    # Bulk writes, which send no signal.
    Report.objects.filter(pk__in=[reports[2].pk, reports[3].pk]).update(
        state=ReportState.RETURNED
    )
    assert tallied() == counted()
    Report.objects.filter(pk=reports[2].pk).update(cycle=cycles[1], range_state=tj)
    assert tallied() == counted()
    Report.objects.bulk_create(
        [Report(cycle=cycles[1], activity=activities[3], range_state=kg, author=author,
                updated_by=author, state=ReportState.SUBMITTED, status="in_progress")]
    )  # fmt: skip
    assert tallied() == counted()

    # Raw SQL.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reporting_report SET state = %s WHERE id = %s",
            [ReportState.SUBMITTED, reports[3].pk],
        )
    assert tallied() == counted()

    # Deletes, one and many.
    Report.objects.filter(pk=reports[1].pk).delete()
    assert tallied() == counted()
    Report.objects.filter(cycle=cycles[1]).delete()
    assert tallied() == counted()
    Report.objects.all().delete()
    assert tallied() == counted() == {}


def test_the_tallys_queries_count_what_counting_gives(world):
    programme, cycles, activities, kg, tj = world
    states = [ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.DRAFT, ReportState.ACCEPTED]
    for index, (activity, state) in enumerate(zip(activities, states, strict=True)):
        ReportFactory(cycle=cycles[index % 2], activity=activity, range_state=kg, state=state)
        ReportFactory(cycle=cycles[0], activity=activity, range_state=tj, state=state)
    for cycle in cycles:
        expected = dict(
            Report.objects.filter(cycle=cycle).values_list("state").annotate(n=Count("pk"))
            .order_by().values_list("state", "n")
        )  # fmt: skip
        assert ReportTally.objects.filter(cycle=cycle).by_state() == expected
    assert (
        ReportTally.objects.filter(state=ReportState.ACCEPTED).total()
        == Report.objects.accepted().count()
        == 4
    )
    assert ReportTally.objects.filter(cycle=cycles[1], state=ReportState.RETURNED).total() == 0


def test_a_backup_leaves_the_tally_out():
    """Loading the reports rebuilds it: a backup holding it too would count them twice."""
    assert ReportTally not in included_models()
    assert Report in included_models()


def test_the_lists_counts_are_the_reports_each_reader_sees(world, client):
    """The API's `count` and the accepted reports page's total, read from the tally when no
    filter is given, are what counting the reports each reader may see gives; a filter
    counts the reports themselves."""
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    from reporting.access import REVIEW_PERMISSION
    from tests.api.factories import token_for
    from tests.factories import UserFactory

    programme, cycles, activities, kg, tj = world
    author = FocalPointFactory(range_states=[kg]).user
    states = [ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.DRAFT, ReportState.RETURNED]
    for activity, state in zip(activities, states, strict=True):
        ReportFactory(cycle=cycles[0], activity=activity, range_state=kg, author=author,
                      state=state)  # fmt: skip
        ReportFactory(cycle=cycles[1], activity=activity, range_state=tj, state=state)
    officer = UserFactory(is_staff=True)
    app_label, codename = REVIEW_PERMISSION.split(".")
    officer.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                        codename=codename))  # fmt: skip
    readers = {"anonymous": None, "partner": UserFactory(), "author": author, "officer": officer}
    for name, user in readers.items():
        api = APIClient()
        if user is not None:
            api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        seen = Report.objects.visible_to(user).filter(cycle__programme=programme)
        for query, expected in [
            ("", seen.count()),
            ("?range_state=KG", seen.filter(range_state=kg).count()),
            (f"?cycle={cycles[1].pk}", seen.filter(cycle=cycles[1]).count()),
        ]:
            answer = api.get(f"/api/v1/reports/{query}")
            assert answer.status_code == 200, (name, answer.content)
            assert answer.json()["count"] == expected, (name, query)
    assert [readers[n] and Report.objects.visible_to(readers[n]).count() for n in readers] == [
        None, 2, 5, 8,
    ]  # fmt: skip

    page = client.get("/reporting/reports/")
    assert page.context["page"].paginator.count == Report.objects.accepted().count() == 2
    filtered = client.get("/reporting/reports/?range_state=TJ")
    assert filtered.context["page"].paginator.count == 1


def test_the_pages_totals_by_cycle_and_state_are_the_reports(world, client):
    """The accepted reports page and the review queue count from the tally when only cycles
    and states are chosen, and count the reports for any other filter: the same totals."""
    from django.contrib.auth.models import Permission

    from reporting.access import REVIEW_PERMISSION
    from tests.factories import UserFactory

    programme, cycles, activities, kg, tj = world
    states = [ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.SUBMITTED,
              ReportState.RETURNED]  # fmt: skip
    for activity, state in zip(activities, states, strict=True):
        ReportFactory(cycle=cycles[0], activity=activity, range_state=kg, state=state)
        ReportFactory(cycle=cycles[1], activity=activity, range_state=tj, state=state)
    ReportFactory(cycle=cycles[1], activity=activities[0], range_state=kg,
                  state=ReportState.ACCEPTED)  # fmt: skip
    officer = UserFactory(is_staff=True)
    app_label, codename = REVIEW_PERMISSION.split(".")
    officer.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                        codename=codename))  # fmt: skip
    accepted = Report.objects.accepted()
    for query, expected in [
        ("", accepted.count()),
        (f"?cycle={cycles[1].pk}", accepted.filter(cycle=cycles[1]).count()),
        ("?range_state=KG", accepted.filter(range_state=kg).count()),
    ]:
        page = client.get(f"/reporting/reports/{query}")
        assert page.context["page"].paginator.count == expected, query
    client.force_login(officer)
    for query, expected in [
        ("", Report.objects.filter(state=ReportState.SUBMITTED).count()),
        ("?state=submitted&state=returned&state=accepted",
         Report.objects.filter(state__in=["submitted", "returned", "accepted"]).count()),
        ("?state=draft&state=returned",
         Report.objects.filter(state__in=["draft", "returned"]).count()),
        (f"?cycle={cycles[0].pk}&state=submitted&state=returned",
         Report.objects.filter(cycle=cycles[0], state__in=["submitted", "returned"]).count()),
        ("?range_state=TJ&state=submitted",
         Report.objects.filter(range_state=tj, state="submitted").count()),
    ]:  # fmt: skip
        page = client.get(f"/reporting/review/{query}")
        assert page.status_code == 200
        assert page.context["page"].paginator.count == expected, query
        assert expected > 0
