"""A secretariat officer imports a successor programme from its workbook in the admin: a
workbook with a mistake is refused with the row named, the corrected one is previewed,
confirmed, and its activity page shows what it continues."""

import pytest
from playwright.sync_api import Page, expect

from core.roles import SECRETARIAT
from programme.models import Programme
from tests.factories import UserFactory
from tests.programme.workbook.helpers import make_workbook, successor_sheets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(transactional_db, secretariat_group, programme_snapshot):
    programme_snapshot.restore()  # as load_programme() leaves it
    return UserFactory(username="amina", is_staff=True, groups=[SECRETARIAT])


def write(tmp_path, name, sheets):
    path = tmp_path / name
    path.write_bytes(make_workbook(sheets).getvalue())
    return path


def test_officer_imports_a_successor_programme(live_server, page: Page, officer, tmp_path):
    sheets = successor_sheets(continues="cami-2014-2020 1.1.1")
    wrong = dict(sheets, activities=[dict(sheets["activities"][0], priority="Urgent"),
                                     sheets["activities"][1]])  # fmt: skip
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Programmes").first.click()
    page.get_by_role("link", name="Import a programme from its workbook").click()
    page.get_by_label("Workbook (.xlsx)").set_input_files(write(tmp_path, "wrong.xlsx", wrong))
    page.get_by_role("button", name="Preview the import").click()
    problems = page.locator("table.workbook-problems")
    expect(problems).to_contain_text("activities")
    expect(problems).to_contain_text("priority")
    expect(problems).to_contain_text("unknown priority “Urgent”")
    assert not Programme.objects.filter(code="test-successor").exists()

    page.get_by_label("Workbook (.xlsx)").set_input_files(write(tmp_path, "next.xlsx", sheets))
    page.get_by_role("button", name="Preview the import").click()
    preview = page.locator("table.workbook-preview")
    expect(preview).to_contain_text("programme.activity")
    assert not Programme.objects.filter(code="test-successor").exists()
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".messagelist")).to_contain_text("imported: ")

    page.goto(live_server.url + "/activities/1.1.1/?programme=test-successor")
    expect(page.locator(".crosswalk")).to_contain_text("continues 1.1.1 (2014–2020)")
    page.get_by_role("link", name="continues 1.1.1 (2014–2020)").click()
    expect(page.locator(".crosswalk")).to_contain_text("continued as 1.1.1 (2021–2026)")
