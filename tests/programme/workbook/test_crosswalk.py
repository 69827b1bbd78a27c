"""A second programme, imported from a workbook written by the test, continues activities of
the 2014–2020 programme: both activity pages and the API show the crosswalk."""

import pytest

from programme.models import Activity, Programme
from programme.workbook import WorkbookError, import_programme
from tests.factories import SpeciesFactory

from .helpers import make_workbook, successor_sheets

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

ORIGINAL = "cami-2014-2020"
SUCCESSOR = "test-successor"


@pytest.fixture
def successor():
    SpeciesFactory(slug="test-bear", common_name_en="Test bear")  # new in this programme
    sheets = successor_sheets(
        code=SUCCESSOR,
        continues=f"{ORIGINAL} 1.1.1; {ORIGINAL} 1.1.2",  # many to one
        species=("saiga", "test-bear"),
        states=("KZ", "MN"),
    )
    sheets["activities"][1]["continues"] = f"{ORIGINAL} 1.1.2"  # 1.1.2 goes on in two
    import_programme(make_workbook(sheets))
    return Programme.objects.get(code=SUCCESSOR)


def test_the_crosswalk_is_recorded_both_ways(successor):
    new = Activity.objects.get(programme=successor, code="1.1.1")
    assert sorted(a.code for a in new.continues.all()) == ["1.1.1", "1.1.2"]
    old = Activity.objects.get(programme__code=ORIGINAL, code="1.1.2")
    assert sorted(a.code for a in old.continued_as.all()) == ["1.1.1", "1.1.2"]
    assert sorted(successor.species.values_list("slug", flat=True)) == ["saiga", "test-bear"]
    assert Programme.objects.current().code == ORIGINAL


def test_both_activity_pages_show_the_crosswalk(client, successor):
    page = client.get(f"/activities/1.1.1/?programme={SUCCESSOR}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "continues 1.1.1 (2014–2020)" in html
    assert "continues 1.1.2 (2014–2020)" in html
    assert f'href="/activities/1.1.2/?programme={ORIGINAL}"' in html

    page = client.get("/activities/1.1.2/")  # the current programme's
    html = page.content.decode()
    assert "continued as 1.1.1 (2021–2026)" in html
    assert "continued as 1.1.2 (2021–2026)" in html
    assert f'href="/activities/1.1.1/?programme={SUCCESSOR}"' in html

    plain = client.get("/activities/2.1.1/").content.decode()
    assert "Across programmes" not in plain


def test_the_api_exposes_the_crosswalk(client, successor):
    new = client.get(f"/api/v1/activities/1.1.1/?programme={SUCCESSOR}").json()
    assert [(a["programme"], a["code"], a["period"]) for a in new["continues"]] == [
        (ORIGINAL, "1.1.1", "2014–2020"),
        (ORIGINAL, "1.1.2", "2014–2020"),
    ]
    assert new["continues"][0]["url"].endswith(f"/api/v1/activities/1.1.1/?programme={ORIGINAL}")
    assert new["continued_as"] == []
    assert new["continues"][0]["reference"] == f"{ORIGINAL} 1.1.1"
    response = client.get(f"/api/v1/activities/?programme={SUCCESSOR}&format=csv")
    csv = b"".join(response.streaming_content).decode()
    assert f"{ORIGINAL} 1.1.1; {ORIGINAL} 1.1.2" in csv

    old = client.get("/api/v1/activities/1.1.2/").json()
    assert [(a["programme"], a["code"]) for a in old["continued_as"]] == [
        (SUCCESSOR, "1.1.1"),
        (SUCCESSOR, "1.1.2"),
    ]
    assert old["continued_as"][0]["web_url"].endswith(f"/activities/1.1.1/?programme={SUCCESSOR}")


def test_the_crosswalk_exports_and_reimports_unchanged(successor):
    from .helpers import programme_contents, workbook_bytes

    before = programme_contents(SUCCESSOR)
    _code, report = import_programme(workbook_bytes(successor))
    assert report.changed == 0
    assert programme_contents(SUCCESSOR) == before


def test_a_programme_cannot_continue_itself(successor):
    sheets = successor_sheets(code=SUCCESSOR, continues=f"{SUCCESSOR} 1.1.2")
    with pytest.raises(WorkbookError) as caught:
        import_programme(make_workbook(sheets))
    assert ("activities", 2, "continues") in {
        (p.sheet, p.row, p.column) for p in caught.value.problems
    }


def test_the_admin_edits_the_crosswalk_with_the_models_rule(admin_client, successor):
    from django.urls import reverse

    from programme.forms import ActivityAdminForm

    new = Activity.objects.get(programme=successor, code="1.1.2")
    own = Activity.objects.get(programme=successor, code="1.1.1")
    old = Activity.objects.get(programme__code=ORIGINAL, code="2.1.1")
    form = ActivityAdminForm(instance=new, data={"continues": [own.pk]})
    assert not form.is_valid()
    assert "not of its own (1.1.1)" in str(form.errors["continues"])
    form = ActivityAdminForm(instance=new, data={"continues": [old.pk]})
    assert form.is_valid(), form.errors
    page = admin_client.get(reverse("admin:programme_activity_change", args=[new.pk]))
    assert page.status_code == 200
    assert 'name="continues"' in page.text


def test_the_crosswalk_in_french_and_russian(client, successor):
    page = client.get(
        "/activities/1.1.1/?programme=test-successor", headers={"accept-language": "fr"}
    )
    assert "poursuit 1.1.1 (2014–2020)" in page.text
    page = client.get("/activities/1.1.2/", headers={"accept-language": "ru"})
    assert "продолжено как 1.1.2 (2021–2026)" in page.text


def test_the_api_lists_each_programmes_species_and_range_states(client, successor):
    new = client.get(f"/api/v1/programmes/{SUCCESSOR}/").json()
    assert [(s["species"]["slug"], s["scope"]) for s in new["species"]] == [
        ("saiga", "initiative"),
        ("test-bear", "initiative"),
    ]
    assert new["range_states"] == ["KZ", "MN"]
    old = client.get(f"/api/v1/programmes/{ORIGINAL}/").json()
    assert len(old["species"]) == 19 and len(old["range_states"]) == 14
    in_initiative = [s for s in old["species"] if s["scope"] == "initiative"]
    assert len(in_initiative) == 15
