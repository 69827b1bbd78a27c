"""The admin's import of a programme workbook: the secretariat uploads, previews (nothing
written), sees every problem by row, confirms; the import is in the history. Others are
refused."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from programme.models import Activity, Programme
from tests.factories import RangeStateFactory, SpeciesFactory

from .helpers import make_workbook, successor_sheets

pytestmark = pytest.mark.django_db

URL = reverse("admin:programme_programme_import_workbook")


@pytest.fixture
def reference_data(db):
    SpeciesFactory(slug="saiga")
    RangeStateFactory(iso_code="KZ")


def upload(sheets, name="successor.xlsx"):
    workbook = make_workbook(sheets)
    workbook.name = name
    return workbook


def test_preview_then_confirm(client, secretariat_user, reference_data):
    client.force_login(secretariat_user)
    changelist = client.get(reverse("admin:programme_programme_changelist")).text
    assert URL in changelist  # the button

    page = client.get(URL)
    assert page.status_code == 200
    assert "/static/programme/programme-workbook-template." in page.text

    preview = client.post(URL, {"workbook": upload(successor_sheets()), "slug": ""})
    assert preview.status_code == 200
    rows = {name: created for name, created, _u, _n in preview.context["preview"]}
    assert rows["programme.activity"] == 2 and rows["programme.programme"] == 1
    assert not Programme.objects.exists()  # a preview writes nothing

    done = client.post(URL, {"confirm": "1", "token": preview.context["token"]})
    assert done.status_code == 302
    programme = Programme.objects.get(code="test-successor")
    assert Activity.objects.filter(programme=programme).count() == 2
    entry = LogEntry.objects.get(object_id=str(programme.pk))
    assert entry.user == secretariat_user
    assert "Imported from the workbook successor.xlsx" in entry.get_change_message()
    history = Activity.history.filter(programme_id=programme.pk)
    assert {h.history_user for h in history} == {secretariat_user}

    # The same token cannot be confirmed twice.
    again = client.post(URL, {"confirm": "1", "token": preview.context["token"]})
    assert again.status_code == 302
    assert Programme.objects.count() == 1


def test_problems_are_listed_by_row_and_nothing_is_written(client, secretariat_user,
                                                          reference_data):  # fmt: skip
    client.force_login(secretariat_user)
    sheets = successor_sheets()
    sheets["activities"][0]["priority"] = "Urgent"
    sheets["sub-items"][0]["activity"] = "9.9.9"
    response = client.post(URL, {"workbook": upload(sheets)})
    assert response.status_code == 200
    located = {(p.sheet, p.row, p.column) for p in response.context["problems"]}
    assert located >= {("activities", 2, "priority"), ("sub-items", 2, "activity")}
    assert "unknown priority “Urgent”" in response.text
    assert "preview" not in response.context or not response.context["preview"]
    assert not Programme.objects.exists()


def test_problems_are_in_the_language_of_the_page(client, secretariat_user, reference_data):
    client.force_login(secretariat_user)
    sheets = successor_sheets()
    sheets["sub-items"][0]["activity"] = "9.9.9"
    response = client.post(URL, {"workbook": upload(sheets)}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    (problem,) = response.context["problems"]
    assert (problem.sheet, problem.row, problem.column) == ("sub-items", 2, "activity")
    assert problem.message == "l’activité 9.9.9 n’est pas dans la feuille « activities »"
    assert f"<td>{problem.message}</td>" in response.text
    assert not Programme.objects.exists()


def test_a_token_not_of_this_session_is_refused(client, secretariat_user, reference_data):
    client.force_login(secretariat_user)
    response = client.post(URL, {"confirm": "1", "token": "0" * 32})
    assert response.status_code == 302
    assert not Programme.objects.exists()


def test_not_an_xlsx_is_refused(client, secretariat_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretariat_user)
    response = client.post(URL, {"workbook": SimpleUploadedFile("p.csv", b"a,b")})
    assert response.status_code == 200
    assert response.context["form"].errors["workbook"]


@pytest.mark.parametrize(
    ("role", "status"), [("staff_outside_group", 403), ("plain_user", 302)]
)  # fmt: skip
def test_others_are_refused(client, request, reference_data, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == status
    response = client.post(URL, {"workbook": upload(successor_sheets())})
    assert response.status_code == status
    assert not Programme.objects.exists()
    if role == "staff_outside_group":
        changelist = client.get(reverse("admin:programme_programme_changelist"))
        assert changelist.status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]
