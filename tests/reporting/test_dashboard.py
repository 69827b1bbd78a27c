"""The secretariat's dashboard of a cycle: range states and species × report states, who is
late, who was reminded and when, "remind now" (the reminder e-mail, recorded, never twice the
same day), the queue oldest first with the next report after a review, the admin index's
link and the header's word for a reviewer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reporting import services
from reporting.choices import ReportProgress, ReportState
from reporting.models import Reminder, Report
from tests.mailbox import delivered

pytestmark = pytest.mark.django_db


def cells(row):
    return {value: count for value, _label, count in row.cells()}


def test_the_dashboard_counts_each_subject_by_report_state(client, world, secretariat_user):
    world.report("kg", state=ReportState.SUBMITTED)
    world.report("general", state=ReportState.RETURNED)
    world.report("leopard", by=world.species_fp.user, species=world.leopard)
    client.force_login(secretariat_user)
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    rows = {str(row.subject): row for row in response.context["rows"]}
    assert list(rows) == ["Kyrgyzstan", "Tajikistan", "Snow leopard"]
    assert cells(rows["Kyrgyzstan"]) == {
        "returned": 1, "draft": 0, "none": 2, "submitted": 1, "accepted": 0
    }  # fmt: skip
    assert rows["Kyrgyzstan"].missing == 3
    assert cells(rows["Tajikistan"])[ReportProgress.NONE] == 4
    assert cells(rows["Snow leopard"])[ReportProgress.DRAFT] == 1
    assert rows["Kyrgyzstan"].focal_points == [world.kg_fp]
    assert not rows["Kyrgyzstan"].late  # the deadline is ahead
    assert "never reminded" in response.text


def test_late_after_the_deadline(client, world, secretariat_user):
    world.cycle.deadline = timezone.localdate() - datetime.timedelta(days=2)
    world.cycle.save()
    client.force_login(secretariat_user)
    response = client.get(reverse("reporting:dashboard"), {"cycle": world.cycle.pk})
    assert all(row.late for row in response.context["rows"])
    assert 'class="rep-late"' in response.text


@pytest.mark.parametrize("who", ["anonymous", "kg_fp", "staff_outside_group"])
def test_only_the_secretariat_sees_the_dashboard_and_reminds(client, world, who, request):
    if who == "kg_fp":
        client.force_login(world.kg_fp.user)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse("reporting:remind", args=[world.cycle.pk, world.kg_fp.pk])
    assert client.get(reverse("reporting:dashboard")).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    if who != "anonymous":
        assert client.post(url).status_code == 403
    assert not Reminder.objects.exists()
    assert not delivered()


def test_remind_now_sends_the_reminder_once_a_day(client, world, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("reporting:remind", args=[world.cycle.pk, world.kg_fp.pk])
    response = client.post(url)
    assert response["Location"] == reverse("reporting:dashboard") + f"?cycle={world.cycle.pk}"
    reminder = Reminder.objects.get()
    assert (reminder.focal_point, reminder.sent_by, reminder.missing) == (
        world.kg_fp, secretariat_user, 4
    )  # fmt: skip
    mails = delivered()
    assert [mail.to for mail in mails] == [[world.kg_fp.user.email]]
    assert "4 reports are still missing" in mails[0].body
    # Twice the same day: refused, nothing sent.
    page = client.post(url, follow=True).text
    assert "was already reminded today." in page
    assert Reminder.objects.count() == 1 and len(delivered()) == 1
    assert "reminded" in page and "(by hand)" in page
    # The next day it may go again; a scheduled reminder is still sent beside it.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.remind_now(world.cycle, world.kg_fp, by=secretariat_user, today=tomorrow)
    assert Reminder.objects.count() == 2


def test_remind_now_refuses_a_focal_point_with_nothing_missing(world, secretariat_user):
    for name in ("tj", "general", "leopard", "tj_leopard"):
        world.report(name, by=world.tj_fp.user, range_state=world.tj, state=ReportState.SUBMITTED)
    with pytest.raises(ValidationError, match="no report missing"):
        services.remind_now(world.cycle, world.tj_fp, by=secretariat_user)
    assert not Reminder.objects.exists()


def test_the_queue_lists_the_oldest_submissions_first(client, world, secretariat_user):
    now = timezone.now()
    newer = world.report("kg", state=ReportState.SUBMITTED, submitted_at=now)
    older = world.report(
        "general", state=ReportState.SUBMITTED, submitted_at=now - datetime.timedelta(days=3)
    )
    client.force_login(secretariat_user)
    page = client.get(reverse("reporting:review")).context["page"]
    assert list(page.object_list) == [older, newer]
    # After reviewing the oldest, its page offers the next one.
    services.accept(older, by=secretariat_user, expected_version=older.version)
    detail = client.get(older.get_absolute_url()).text
    assert f'href="{newer.get_absolute_url()}"' in detail
    assert "Next report to review" in detail


def test_admin_index_links_to_the_queue_with_the_waiting_count(client, world, secretariat_user):
    world.report("kg", state=ReportState.SUBMITTED)
    world.report("general", state=ReportState.SUBMITTED)
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:index")).text
    assert "2 reports wait for review" in page
    assert reverse("reporting:review") in page and reverse("reporting:dashboard") in page
    # The header's link says what a reviewer does there.
    header = client.get("/").text
    assert f'<a href="{reverse("reporting:start")}">Review</a>' in header
    client.force_login(world.kg_fp.user)
    assert f'<a href="{reverse("reporting:start")}">My reporting</a>' in client.get("/").text
    assert Report.objects.waiting_review().count() == 2


def test_the_dashboard_and_my_reporting_offer_the_other_cycles(client, world, secretariat_user):
    from .factories import ReportingCycleFactory

    earlier = ReportingCycleFactory(programme=world.cycle.programme, name_en="Earlier cycle")
    for user, address, select in (
        (secretariat_user, "reporting:dashboard", "dashboard-cycle"),
        (world.kg_fp.user, "reporting:mine", "cycle-select"),
    ):
        client.force_login(user)
        page = client.get(reverse(address)).text
        assert f'<label for="{select}"' in page and f'<select id="{select}" name="cycle"' in page
        assert "Earlier cycle" in page
        chosen = client.get(reverse(address), {"cycle": earlier.pk})
        assert chosen.context["cycle"] == earlier


def test_the_cycle_menu_writes_the_options_as_its_former_loop(world):
    """`cycle_options` writes what the menu's template loop wrote: each cycle's option, the
    chosen one selected, names escaped."""
    from django.template import Context, Template

    from .factories import ReportingCycleFactory

    odd = ReportingCycleFactory(programme=world.cycle.programme, name_en='COP <15> & "after"')
    cycles = [world.cycle, odd]
    loop = Template(
        '{% for c in cycles %}<option value="{{ c.pk }}"{% if c.pk == cycle.pk %} selected'
        "{% endif %}>{{ c.name }}</option>{% endfor %}"
    )
    tag = Template("{% load reporting_forms %}{% cycle_options cycles cycle %}")
    for chosen in (world.cycle, odd, None):
        context = {"cycles": cycles, "cycle": chosen}
        assert tag.render(Context(context)) == loop.render(Context(context))
    assert "COP &lt;15&gt; &amp; &quot;after&quot;</option>" in tag.render(Context(context))
