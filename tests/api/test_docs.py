"""The OpenAPI schema and the documentation pages."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

NO_CDN = re.compile(r"cdn|unpkg|googleapis|gstatic|jsdelivr|cloudflare", re.IGNORECASE)


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/activities/{code}/status/" in schema["paths"]


def test_schema_is_served_and_describes_every_operation(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert "Conditional requests" in schema["info"]["description"]
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) >= 28
    for path, method, operation in operations:
        assert operation.get("summary"), f"{method} {path} has no summary"
        responses = operation["responses"]
        assert {"400", "401", "429"} <= set(responses), f"{method} {path}"
        for code, response in responses.items():
            if code >= "400":
                content = response["content"]["application/problem+json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}
        if method == "get":
            assert "304" in responses
            assert "ETag" in responses["200"]["headers"]
        if method in ("put", "patch") or path.endswith(("/submit/", "/accept/", "/return/")):
            if_match = [p for p in operation["parameters"] if p["name"] == "If-Match"]
            assert if_match and if_match[0]["required"] is True, f"{method} {path}"
            assert {"412", "428"} <= set(responses)
    activities = schema["paths"]["/api/v1/activities/"]["get"]
    names = {p["name"] for p in activities["parameters"]}
    assert {
        "objective",
        "issue",
        "priority",
        "status",
        "actor",
        "species",
        "range_state",
        "landscape",
        "updated_since",
        "q",
        "ordering",
        "page",
        "page_size",
        "format",
        "lang",
        "programme",
    } <= names
    csv = activities["responses"]["200"]["content"]["text/csv"]["schema"]
    assert csv["type"] == "string"


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_documentation_pages_use_the_vendored_files_only(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    assert not NO_CDN.search(html)
    # No inline script or style (the Content-Security-Policy allows neither).
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and "style=" not in html


def test_swagger_start_up_script_is_a_separate_file(client):
    html = client.get("/api/docs/").text
    [script_url] = re.findall(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.text


def test_vendored_assets_are_served(client):
    html = client.get("/api/docs/").text + client.get("/api/redoc/").text
    assets = re.findall(r'(?:src|href|content)="(/static/[^"]+)"', html)
    assert any("swagger-ui-bundle" in a for a in assets)
    assert any("vendor/redoc/redoc.standalone" in a for a in assets)
    assert any("vendor/redoc/redoc.search-worker" in a for a in assets)
    for asset in assets:
        name = asset.removeprefix("/static/")
        name = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", name)  # the hashed copy's original
        assert finders.find(name), asset
