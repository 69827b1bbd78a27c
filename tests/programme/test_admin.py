"""The secretariat's admin: the status worksheet, history, no lost update, roles, query
counts. Every write goes through programme.services.set_status."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import SECRETARIAT
from programme.choices import ImplementationStatus
from programme.models import ActivityStatus
from programme.services import set_status
from tests.factories import (
    ActivityFactory,
    ActivityStatusFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
)

from .conftest import CHANGELIST, build_statuses, change_url, history_url, list_edit_data

pytestmark = pytest.mark.django_db


# -- Roles -----------------------------------------------------------------------------


def test_secretariat_group_has_exactly_the_permissions_it_needs():
    codenames = set(
        Group.objects.get(name=SECRETARIAT).permissions.values_list("codename", flat=True)
    )
    assert {"view_activity", "change_activitystatus", "view_activitystatus"} <= codenames
    assert "change_activity" not in codenames  # the resolution's text is not theirs
    assert "delete_activitystatus" not in codenames
    assert "add_user" not in codenames and "change_group" not in codenames


def test_anonymous_and_non_staff_never_reach_the_admin(client, plain_user):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(plain_user)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_outside_the_group_is_refused(client, staff_outside_group):
    statuses = build_statuses(1)
    client.force_login(staff_outside_group)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(statuses[0])).status_code == 403
    response = client.post(
        change_url(statuses[0]),
        {"status": "completed", "note": "", "status_date": "", "seen_version": "0"},
    )
    assert response.status_code == 403
    assert ActivityStatus.objects.get().status == ImplementationStatus.NOT_STARTED
    import_url = reverse("admin:programme_activitystatus_import")
    assert client.get(import_url).status_code == 403


def test_secretariat_reads_but_cannot_rewrite_the_resolution(client, officer):
    activity = ActivityFactory()
    url = reverse("admin:programme_activity_change", args=[activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": activity.code, "text_en": "Rewritten"})
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.text_en != "Rewritten"


# -- The worksheet ---------------------------------------------------------------------


def test_worksheet_columns_filters_and_natural_order(client, officer):
    programme = ProgrammeFactory()
    objective = ObjectiveFactory(programme=programme, number=1)
    issue = IssueFactory(objective=objective)
    for number in (10, 2, 1):
        activity = ActivityFactory(issue=issue, code=f"{issue.code}.{number}")
        ActivityStatusFactory(activity=activity)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    codes = [s.activity.code for s in response.context["cl"].result_list]
    assert codes == ["1.1.1", "1.1.2", "1.1.10"]
    assert "never changed" in response.text


def test_worksheet_filters_by_range_state_and_searches_every_language(client, officer):
    statuses = build_statuses(3)
    state = RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan")
    statuses[1].activity.range_states.add(state)
    statuses[2].activity.text_fr = "Protéger la panthère des neiges"
    statuses[2].activity.save()
    response = client.get(CHANGELIST, {"activity__range_states__id__exact": state.pk})
    assert [s.pk for s in response.context["cl"].result_list] == [statuses[1].pk]
    response = client.get(CHANGELIST, {"q": "panthère"})
    assert [s.pk for s in response.context["cl"].result_list] == [statuses[2].pk]


def test_status_change_by_list_edit_is_recorded_with_the_user(client, officer):
    statuses = build_statuses(3)
    data = list_edit_data(statuses, {statuses[1].pk: "in_progress"})
    response = client.post(CHANGELIST, data)
    assert response.status_code == 302
    changed = ActivityStatus.objects.get(pk=statuses[1].pk)
    assert changed.status == "in_progress"
    assert changed.updated_by == officer and changed.version == 1
    assert changed.history.first().history_user == officer
    untouched = ActivityStatus.objects.get(pk=statuses[0].pk)
    assert untouched.version == 0
    assert untouched.history.filter(history_type="~").count() == 0


def test_status_change_by_form_with_note(client, officer):
    status = build_statuses(1)[0]
    response = client.post(
        change_url(status),
        {"status": "completed", "note": "Rangers trained in 3 provinces.",
         "status_date": "2026-11-20", "seen_version": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    status.refresh_from_db()
    assert (status.status, status.note, str(status.status_date)) == (
        "completed", "Rangers trained in 3 provinces.", "2026-11-20",
    )  # fmt: skip
    record = status.history.first()
    assert record.history_user == officer and record.note == "Rangers trained in 3 provinces."


def test_bulk_action_sets_status_and_note(client, officer):
    statuses = build_statuses(3)
    pks = [str(s.pk) for s in statuses[:2]]
    response = client.post(CHANGELIST, {"action": "set_status_action", "_selected_action": pks})
    assert response.status_code == 200
    assert "version_" in response.text
    response = client.post(
        CHANGELIST,
        {"action": "set_status_action", "_selected_action": pks, "apply": "1",
         "status": "delayed", "note": "Funding postponed.", "status_date": "",
         **{f"version_{s.pk}": str(s.version) for s in statuses[:2]}},
    )  # fmt: skip
    assert response.status_code == 302
    for status in ActivityStatus.objects.filter(pk__in=pks):
        assert (status.status, status.note, status.updated_by) == (
            "delayed", "Funding postponed.", officer,
        )  # fmt: skip
        assert status.history.first().history_user == officer
    assert ActivityStatus.objects.get(pk=statuses[2].pk).version == 0


# -- No lost update --------------------------------------------------------------------


def test_second_save_of_the_form_is_refused_and_says_what_changed(client, officer, other_officer):
    status = build_statuses(1)[0]
    form_page = client.get(change_url(status))
    assert 'name="seen_version"' in form_page.text
    # Olga saves first, from her own form.
    set_status(status.activity, status="completed", note="Done by Olga.", by=other_officer,
               expected_version=0)  # fmt: skip
    response = client.post(
        change_url(status),
        {"status": "cancelled", "note": "", "status_date": "", "seen_version": "0"},
    )
    assert response.status_code == 200
    assert "changed meanwhile by olga" in response.text
    assert "Completed" in response.text and "Done by Olga." in response.text
    status.refresh_from_db()
    assert (status.status, status.note, status.version) == ("completed", "Done by Olga.", 1)


def test_list_edit_conflict_refused(client, officer, other_officer):
    statuses = build_statuses(2)
    data = list_edit_data(statuses, {statuses[0].pk: "suspended"})
    set_status(statuses[0].activity, status="in_progress", by=other_officer, expected_version=0)
    response = client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert "changed meanwhile by olga" in response.text
    assert ActivityStatus.objects.get(pk=statuses[0].pk).status == "in_progress"


def test_bulk_conflict_changes_nothing(client, officer, other_officer):
    statuses = build_statuses(2)
    pks = [str(s.pk) for s in statuses]
    set_status(statuses[1].activity, status="completed", by=other_officer, expected_version=0)
    response = client.post(
        CHANGELIST,
        {"action": "set_status_action", "_selected_action": pks, "apply": "1",
         "status": "cancelled", "note": "", "status_date": "",
         **{f"version_{s.pk}": "0" for s in statuses}},
        follow=True,
    )  # fmt: skip
    assert "changed meanwhile by olga" in response.text
    assert list(ActivityStatus.objects.order_by("pk").values_list("status", flat=True)) == [
        "not_started", "completed",
    ]  # fmt: skip


def test_status_service_refuses_unknown_status_and_outsiders(other_officer, plain_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    status = build_statuses(1)[0]
    with pytest.raises(ValidationError):
        set_status(status.activity, status="finished", by=other_officer)
    with pytest.raises(PermissionDenied):
        set_status(status.activity, status="completed", by=plain_user)
    assert ActivityStatus.objects.get().version == 0


# -- History ---------------------------------------------------------------------------


def test_history_page_shows_who_what_before_and_after(client, officer, other_officer):
    status = build_statuses(1)[0]
    set_status(status.activity, status="in_progress", note="Started", by=other_officer)
    set_status(status.activity, status="completed", note="Finished", by=officer)
    response = client.get(history_url(status))
    assert response.status_code == 200
    for text in ("olga", "sasha", "In progress", "Completed", "Started", "Finished"):
        assert text in response.text, text


def test_programme_record_history_keeps_translated_fields(officer):
    activity = ActivityFactory(text_fr="Texte original")
    activity.text_fr = "Texte corrigé"
    activity.save()
    assert [h.text_fr for h in activity.history.order_by("history_date")] == [
        "Texte original", "Texte corrigé",
    ]  # fmt: skip


# -- Query counts ----------------------------------------------------------------------


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_worksheet_query_count_does_not_grow(client, officer):
    programme = ProgrammeFactory()
    state = RangeStateFactory(iso_code="KG")

    def add_rows(count):
        for status in build_statuses(count, programme=programme):
            status.activity.range_states.add(state)
            ResponsibilityFactory(activity=status.activity)

    add_rows(3)
    client.get(CHANGELIST)  # warm the content-type cache
    small = count_queries(client, CHANGELIST)
    add_rows(40)
    large = count_queries(client, CHANGELIST)
    filtered = count_queries(client, CHANGELIST + f"?activity__range_states__id__exact={state.pk}")
    # session, user, permissions (one query), the count (one: nothing filters the rows, so
    # the page's count is the total), one page of rows with activity, issue and user, and one
    # query per filter's choices: the same at 3 and 43 activities; filtered, the page's count
    # and the total are two counts.
    assert small == large == filtered - 1
    assert small <= 20


@pytest.mark.parametrize("size", [3, 30])
def test_worksheet_query_count(client, officer, django_assert_num_queries, size):
    state = RangeStateFactory(iso_code="KG")
    for status in build_statuses(size):
        status.activity.range_states.add(state)
    client.get(CHANGELIST)  # warm the content-type cache
    # 1 session, 2 user, 3 permissions (user's and group's, core/permissions.py), 4 the
    # count (nothing filters the rows: the page's count is the total, asked once), 5 the page
    # of rows with their activity, issue and last editor, 6-12 the choices of the filters by
    # programme, objective, issue, actor, species, range state and landscape.
    with django_assert_num_queries(12):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == size


@pytest.mark.parametrize("changes", [1, 12])
def test_change_form_and_history_query_counts_do_not_grow(
    client, officer, other_officer, django_assert_num_queries, changes
):
    status = build_statuses(1)[0]
    for index in range(changes):
        set_status(status.activity, status=("in_progress", "ongoing")[index % 2],
                   note=f"step {index}", by=(officer, other_officer)[index % 2])  # fmt: skip
    client.get(change_url(status))
    client.get(history_url(status))
    # session, user, the user's permissions (2), the status, its activity, its issue, the
    # activity admin's permission check for the link: 8, whatever the number of changes
    with django_assert_num_queries(8):
        assert client.get(change_url(status)).status_code == 200
    # session, user, the status, permissions (2), count of records, one page of records
    # with their users and activity, the activity shown in the title: 8
    with django_assert_num_queries(8):
        assert client.get(history_url(status)).status_code == 200


@pytest.mark.parametrize(
    "query, shown",
    [
        ("", 55),
        ("?p=2", 55),
        ("?status__exact=completed", 2),
        ("?q=zzz-none", 0),
        ("?all=", 55),
    ],
)
def test_worksheet_counts_once_when_nothing_filters(client, officer, query, shown):
    """The page's count and the "(N total)" are Django's, whether nothing filters the rows
    (one count, WorksheetChangeList) or something does (two)."""
    statuses = build_statuses(55)
    for status in statuses[:2]:
        set_status(status.activity, status=ImplementationStatus.COMPLETED, by=officer)
    client.get(CHANGELIST)
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    cl = response.context["cl"]
    assert (cl.result_count, cl.full_result_count) == (shown, 55)
    assert cl.multi_page == (shown > 50)
    assert len(cl.result_list) == {"": 50, "?p=2": 5}.get(query, shown)
    assert cl.paginator.count == shown
    assert ("55 total" in response.text) == (shown != 55)
