"""The review's promise behind the pages kept by scope (core/readcache.py `public_scope`),
checked on the real programme: an acceptance of a national report changes the pages of its
activity and its range state and no other page kept by scope (every activity's and range
state's, built before and after; tests/production/test_scoped_pages.py for the rest)."""

import pytest
from django.db.models import Count
from django.test import Client

from programme.models import Activity, Programme
from rangestates.models import RangeState
from reporting import services
from reporting.scopes import activity_scope, range_state_scope
from tests.factories import UserFactory
from tests.reporting.factories import ReportingCycleFactory

from .test_scoped_pages import built, scoped_pages, submitted_national_report

pytestmark = pytest.mark.django_db


def test_an_acceptance_changes_no_other_scoped_page_of_the_real_programme(
    real_programme, settings
):
    settings.READ_CACHE = False
    programme = Programme.objects.current()
    cycle = ReportingCycleFactory(programme=programme)
    # Activities linked in every way a page may show them: to range states, landscapes and
    # species (the most linked first), and one linked to nothing.
    activities = list(
        Activity.objects.filter(programme=programme)
        .annotate(links=Count("range_states") + Count("landscapes") + Count("species"))
        .order_by("-links", "sort_key")[:3]
    ) + [Activity.objects.filter(programme=programme).order_by("sort_key").last()]
    states = list(RangeState.objects.order_by("iso_code"))
    reports = [
        submitted_national_report(cycle, activity, states[(number * 5) % len(states)])
        for number, activity in enumerate(activities)
    ]
    secretariat = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    pages = scoped_pages()
    assert len(pages) == Activity.objects.count() + len(states)
    before = {scope: built(client, path) for scope, path in pages.items()}
    for report in reports:
        services.accept(report, by=secretariat)
        after = {scope: built(client, path) for scope, path in pages.items()}
        changed = {scope for scope in pages if after[scope] != before[scope]}
        own = {
            activity_scope(report.activity.code),
            range_state_scope(report.range_state.iso_code),
        }
        assert changed <= own, (report, changed - own)
        assert f"PUBLISHED-{report.activity.code}-" in after[activity_scope(report.activity.code)]
        before = after
