"""The answer and the schema agree on a draft without a status: `null`, declared nullable, so
that generated clients read the author's and the secretariat's lists."""

import pytest

from .conftest import LIST, path

pytestmark = pytest.mark.django_db


def test_a_draft_without_status_answers_null(as_focal_point, as_secretariat, blank_draft):
    for client in (as_focal_point, as_secretariat):
        listed = client.get(LIST)
        assert listed.status_code == 200, listed.content
        assert [item["status"] for item in listed.json()["results"]] == [None]
        assert client.get(path(blank_draft)).json()["status"] is None


def test_the_schema_declares_the_status_nullable(client):
    schema = client.get("/api/schema/?format=json").json()
    status = schema["components"]["schemas"]["Report"]["properties"]["status"]
    variants = status.get("oneOf") or status.get("allOf") or [status]
    refs = {v.get("$ref", "").rsplit("/", 1)[-1] for v in variants}
    assert "NullEnum" in refs or status.get("nullable") is True, status
    assert schema["components"]["schemas"]["NullEnum"]["enum"] == [None]


def test_a_draft_takes_null_back_as_no_status(as_focal_point, blank_draft):
    etag = as_focal_point.get(path(blank_draft))["ETag"]
    response = as_focal_point.patch(
        path(blank_draft), {"status": "delayed"}, headers={"if-match": etag}
    )
    assert response.status_code == 200, response.content
    response = as_focal_point.patch(
        path(blank_draft), {"status": None}, headers={"if-match": response["ETag"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] is None
    blank_draft.refresh_from_db()
    assert blank_draft.status == ""
