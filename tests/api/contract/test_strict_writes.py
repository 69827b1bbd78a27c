"""A write naming a field it cannot set is a 400 naming the field; a write that changes nothing
writes no new version (others keep their If-Match)."""

import pytest

from reporting.choices import ReportState

from .conftest import LIST, path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body, field, word",
    [
        ({"state": "accepted"}, "state", "read-only"),
        ({"version": 9}, "version", "read-only"),
        ({"progres": "typo"}, "progres", "Unknown"),
        ({"links": [{"url": "https://example.org/a", "note": "x"}]}, "links.0.note", "Unknown"),
    ],
)
def test_a_field_that_cannot_be_written_is_a_400_naming_it(
    as_focal_point, blank_draft, body, field, word
):
    etag = as_focal_point.get(path(blank_draft))["ETag"]
    response = as_focal_point.patch(
        path(blank_draft), body, format="json", headers={"if-match": etag}
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]
    assert word in response.json()["errors"][field][0]
    blank_draft.refresh_from_db()
    assert blank_draft.state == ReportState.DRAFT and blank_draft.version == 0


def test_a_review_with_a_field_it_does_not_take_is_a_400(as_secretariat, submitted):
    response = as_secretariat.post(
        path(submitted, "accept"), {"state": "returned"}, headers={"if-match": "*"}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["state"]


def test_a_create_with_an_unknown_field_is_a_400(as_focal_point, cycle, activity):
    response = as_focal_point.post(
        LIST, {"cycle": cycle.pk, "activity": activity.code, "range_state": "KG", "owner": "me"}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["owner"]


def test_a_status_write_with_an_unknown_field_is_a_400(as_secretariat, activity):
    url = f"/api/v1/activities/{activity.code}/status/"
    response = as_secretariat.patch(
        url, {"status": "in_progress", "colour": "red"}, headers={"if-match": "*"}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["colour"]


def test_a_write_that_changes_nothing_keeps_the_version(as_focal_point, blank_draft):
    read = as_focal_point.get(path(blank_draft))
    first = as_focal_point.patch(
        path(blank_draft),
        {"progress": "Patrols", "links": [{"url": "https://example.org/a", "title": "A"}]},
        format="json",
        headers={"if-match": read["ETag"]},
    )
    assert first.status_code == 200 and first.json()["version"] == 1
    again = as_focal_point.patch(
        path(blank_draft),
        {"progress": "Patrols", "links": [{"url": "https://example.org/a", "title": "A"}]},
        format="json",
        headers={"if-match": first["ETag"]},
    )
    assert again.status_code == 200, again.content
    assert again.json()["version"] == 1
    assert again["ETag"] == first["ETag"]
    # Another writer who read after the first change is not refused.
    other = as_focal_point.patch(
        path(blank_draft), {"results": "Fewer snares"}, headers={"if-match": first["ETag"]}
    )
    assert other.status_code == 200 and other.json()["version"] == 2
