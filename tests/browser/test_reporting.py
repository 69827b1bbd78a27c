"""A national focal point reports with a document, the secretariat returns the report with a
comment, the focal point corrects and resubmits it, the secretariat accepts it, and an
anonymous visitor reads it on the public side."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from playwright.sync_api import Browser, Page, expect

from core.roles import SECRETARIAT, SECRETARIAT_PERMISSIONS
from programme.models import Activity, Programme
from rangestates.models import RangeState
from reporting.models import FocalPoint, Report
from reporting.querysets import activities_in_scope
from tests.factories import UserFactory
from tests.reporting.conftest import PDF
from tests.reporting.factories import ReportingCycleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def secretariat_group():
    """The group as the data migrations make it (a transactional test before this one may
    have emptied the tables)."""
    condition = Q(pk__in=[])
    for app_label, models in SECRETARIAT_PERMISSIONS.items():
        for model, actions in models.items():
            condition |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    group, _created = Group.objects.get_or_create(name=SECRETARIAT)
    group.permissions.set(Permission.objects.filter(condition))
    return group


@pytest.fixture
def reporting_world(transactional_db, settings, tmp_path, programme_snapshot):
    settings.MEDIA_ROOT = tmp_path / "media"
    programme_snapshot.restore()  # as load_programme() leaves it
    secretariat_group()
    kyrgyzstan = RangeState.objects.get(iso_code="KG")
    focal_point = FocalPoint.objects.create(
        user=UserFactory(username="kyra", first_name="Kyra", last_name="Bekova")
    )
    focal_point.range_states.set([kyrgyzstan])
    UserFactory(username="amina", first_name="Amina", is_staff=True, groups=[SECRETARIAT])
    programme = Programme.objects.current()
    cycle = ReportingCycleFactory(programme=programme, name_en="Reports before COP14")
    activity = activities_in_scope(
        Activity.objects.filter(programme=programme), range_state=kyrgyzstan
    ).first()
    evidence = tmp_path / "ranger-training.pdf"
    evidence.write_bytes(PDF)
    return {"cycle": cycle, "activity": activity, "evidence": evidence}


def sign_in(page: Page, base_url: str, username: str):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_report_from_draft_to_public(
    live_server, page: Page, browser: Browser, reporting_world, tmp_path
):
    activity = reporting_world["activity"]
    code = activity.code

    # The focal point signs in, finds the activity and fills the report.
    sign_in(page, live_server.url, "kyra")
    expect(page.get_by_role("heading", level=1)).to_have_text("My reporting")
    expect(page.get_by_text("Kyrgyzstan: national report")).to_be_visible()
    expect(page.get_by_text("0 of")).to_be_visible()
    page.get_by_role("link", name=f"Report on {code}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Activity {code}")
    page.get_by_label("Implementation status").select_option("in_progress")
    page.get_by_label("What was done in the period").fill("Trained 40 rangers in Naryn.")
    page.get_by_label("Add documents").set_input_files(str(reporting_world["evidence"]))
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your report was submitted to the secretariat.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)
    report = Report.objects.get()
    assert report.state == "submitted" and report.attachments.count() == 1

    # The secretariat returns it with a comment.
    officer = browser.new_context(locale="en-GB").new_page()
    sign_in(officer, live_server.url, "amina")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Reports to review")
    officer.get_by_role("link", name=code).first.click()
    officer.get_by_label("Comment to the focal point").fill("How many of them were women?")
    officer.get_by_role("button", name="Return with comment").click()
    expect(officer.get_by_text("was returned to its author")).to_be_visible()

    # The focal point sees the comment, corrects and resubmits.
    page.goto(live_server.url + "/reporting/mine/")
    page.get_by_role("link", name=f"Continue {code}").click()
    expect(page.locator(".rep-comment")).to_contain_text("How many of them were women?")
    page.get_by_label("Results achieved").fill("40 rangers trained, 12 of them women.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your report was submitted to the secretariat.")).to_be_visible()

    # The secretariat accepts it.
    officer.goto(live_server.url + "/reporting/review/")
    officer.get_by_role("link", name=code).first.click()
    officer.get_by_role("button", name="Accept").click()
    expect(officer.get_by_text("was accepted")).to_be_visible()
    officer.context.close()

    # An anonymous visitor reads it, with its document, on the public side.
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(live_server.url + "/reporting/reports/")
    visitor.get_by_role("link", name=code).click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("report for Kyrgyzstan")
    expect(visitor.get_by_text("40 rangers trained, 12 of them women.")).to_be_visible()
    expect(visitor.get_by_text("How many of them were women?")).to_have_count(0)
    document = visitor.get_by_role("link", name="ranger-training.pdf")
    response = visitor.request.get(live_server.url + document.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    visitor.screenshot(path=str(tmp_path / "public.png"), full_page=True)
    visitor.context.close()
