"""Pages kept by scope (core/readcache.py `public_scope`, core/pagecache.py): the acceptance of
a national report changes the public pages of its activity and its range state, and the
cached pages of the other activities and range states stay (no query to serve them); any
other public write changes every page, as before.

The rule rests on the review's promise that the records it writes show on no page kept by
scope but those two: `test_an_acceptance_changes_no_other_scoped_page` builds every scoped
page of the portal before and after acceptances and checks it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core import readcache
from programme.choices import ImplementationStatus
from programme.models import Activity
from programme.services import set_status
from rangestates.models import RangeState
from reporting import services
from reporting.choices import ReportState
from reporting.scopes import activity_scope, range_state_scope
from tests.reporting.factories import FocalPointFactory, ReportFactory

pytestmark = pytest.mark.django_db

#: What differs between two answers of the same page: the CSRF token, masked afresh for each,
#: and the nonce of the content security policy.
_PER_ANSWER = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce=")[^"]+"')


def built(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return _PER_ANSWER.sub(r'\1…"', response.content.decode())


def scoped_pages():
    """{scope: address} of every page kept by scope: each activity's and range state's."""
    pages = {
        activity_scope(code): reverse("programme:activity", args=[code])
        for code in Activity.objects.values_list("code", flat=True)
    }
    pages.update(
        {
            range_state_scope(iso): reverse("rangestates:detail", args=[iso])
            for iso in RangeState.objects.values_list("iso_code", flat=True)
        }
    )
    return pages


def versions(*names):
    return {name: readcache.cache.get(name) for name in names}


def test_an_acceptance_changes_its_two_scopes_and_the_public_version_not_the_base(portal):
    report = portal.reports["kg_submitted"]
    scopes = [
        readcache.scope_key(activity_scope(report.activity.code)),
        readcache.scope_key(range_state_scope("KG")),
    ]
    other = readcache.scope_key(range_state_scope("TJ"))
    names = [readcache.ALL, readcache.PUBLIC, readcache.BASE, *scopes, other]
    readcache.flush()  # the portal's own making
    for name in names:
        readcache.cache.set(name, f"before-{name}", None)
    services.accept(report, by=portal.users["secretariat"])
    readcache.flush()
    after = versions(*names)
    changed = {name for name in names if after[name] != f"before-{name}"}
    assert changed == {readcache.ALL, readcache.PUBLIC, *scopes}


def test_any_other_public_write_changes_the_base_version(portal):
    readcache.cache.set(readcache.BASE, "before", None)
    activity = portal.activities["fresh"]
    set_status(
        activity,
        status=ImplementationStatus.COMPLETED,
        by=portal.users["secretariat"],
        expected_version=activity.status.version,
    )
    readcache.flush()
    assert readcache.cache.get(readcache.BASE) != "before"


def test_a_species_report_accepted_changes_every_page(portal):
    report = portal.reports["species_draft"]
    report.state = ReportState.SUBMITTED
    report.save()
    readcache.flush()
    readcache.cache.set(readcache.BASE, "before", None)
    services.accept(report, by=portal.users["secretariat"])
    readcache.flush()
    assert readcache.cache.get(readcache.BASE) != "before"


def test_a_write_outside_the_scoped_tables_in_a_scope_changes_every_page(portal):
    readcache.cache.set(readcache.BASE, "before", None)
    with readcache.public_scope() as scope:
        scope.limit_to(range_state_scope("KG"))
        RangeState.objects.filter(iso_code="KG").update(name_en="Kyrgyz Republic")
    readcache.flush()
    assert readcache.cache.get(readcache.BASE) != "before"


def test_cached_pages_of_other_scopes_are_served_without_a_query_after_an_acceptance(
    portal, django_assert_num_queries
):
    client = Client()
    report = portal.reports["kg_submitted"]
    own = [
        reverse("programme:activity", args=[report.activity.code]),
        reverse("rangestates:detail", args=["KG"]),
    ]
    others = [
        reverse("rangestates:detail", args=["TJ"]),
        reverse("programme:activity", args=[portal.activities["fresh"].code]),
    ]
    for path in own + others:
        client.get(path)
    services.accept(report, by=portal.users["secretariat"])
    for path in others:
        with django_assert_num_queries(0):
            assert client.get(path).status_code == 200
    for path in own:
        assert "SECRET-kg-submitted" in client.get(path).text  # built again: shown at once
    # A page kept without a scope is built again after any public write.
    assert reverse("reporting:report", args=[report.pk]) in client.get(
        reverse("reporting:accepted")
    ).text


def accepted_national_reports(portal, count):
    """`count` national reports submitted and then accepted by the review service, on the
    portal's activities in each of its range states in turn."""
    states = list(RangeState.objects.order_by("iso_code"))
    activities = list(Activity.objects.order_by("sort_key", "pk"))
    cycle = portal.reports["kg_submitted"].cycle
    taken = set(
        cycle.reports.filter(range_state__isnull=False).values_list("activity", "range_state")
    )
    made = []
    for activity in activities:
        for state in states:
            if (activity.pk, state.pk) in taken or len(made) == count:
                continue
            made.append(submitted_national_report(cycle, activity, state))
    return made


def submitted_national_report(cycle, activity, state):
    """A report submitted by a new focal point of `state`, marked with its activity's code and
    its state's (`PUBLISHED-<code>-<iso>`), for the pages to show once it is accepted."""
    return ReportFactory(
        cycle=cycle,
        activity=activity,
        range_state=state,
        author=FocalPointFactory(range_states=[state]).user,
        state=ReportState.SUBMITTED,
        progress=f"Progress PUBLISHED-{activity.code}-{state.iso_code}",
    )


def test_an_acceptance_changes_no_other_scoped_page(portal, settings):
    """Every page kept by scope, built before and after each acceptance (nothing cached):
    only the pages of the acceptance's two scopes may change."""
    settings.READ_CACHE = False
    client = Client()
    reports = [portal.reports["kg_submitted"], *accepted_national_reports(portal, 3)]
    pages = scoped_pages()
    assert len(pages) >= 7
    before = {scope: built(client, path) for scope, path in pages.items()}
    assert built(client, pages[range_state_scope("KG")]) == before[range_state_scope("KG")]
    for report in reports:
        services.accept(report, by=portal.users["secretariat"])
        after = {scope: built(client, path) for scope, path in pages.items()}
        changed = {scope for scope in pages if after[scope] != before[scope]}
        own = {
            activity_scope(report.activity.code),
            range_state_scope(report.range_state.iso_code),
        }
        assert changed <= own, (report, changed - own)
        assert range_state_scope(report.range_state.iso_code) in changed  # it shows there
        before = after
