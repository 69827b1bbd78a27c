"""User text is escaped everywhere: HTML and script typed into every free-text field come back
as text on every page that shows them, never as markup.

The focal point's report goes in through the web form and the API (the real input paths); the
secretariat's comment through the review form; a document with a hostile file name through the
upload; and every other free-text column of every model (names, notes, descriptions...) is set
directly, so that a field added later is covered too. Then every page of the site is read as
the secretariat, the author and a visitor."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxLengthValidator
from django.db import models

from reporting import services

from .conftest import PDF, body_of
from .matrix import site_addresses

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RAW = ('<script>alert("x")', "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert("
# Identifiers and machine values, not free text.
NOT_FREE_TEXT = {"code", "slug", "iso_code", "sort_key", "url", "email", "username", "password",
                 "content_type", "file", "funding_currency", "language", "letter", "history_type",
                 "history_change_reason", "scope", "cms_appendix"}  # fmt: skip
APPS = ("programme", "species", "rangestates", "reporting", "auth")


def unique_together(model):
    names = {name for group in model._meta.unique_together for name in group}
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()) or ())
    return names


def free_text_fields(model):
    in_unique = unique_together(model)
    for field in model._meta.concrete_fields:
        if field.name in in_unique:
            continue
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.choices or field.unique or field.primary_key or not field.editable:
            continue
        if field.name in NOT_FREE_TEXT or field.name.split("_")[0] in NOT_FREE_TEXT:
            continue
        if field.max_length and field.max_length < len(PAYLOAD):
            continue
        if any(not isinstance(v, MaxLengthValidator) for v in field.validators):
            continue
        yield field


@pytest.fixture
def hostile(portal):
    kg = portal.client("kg")
    draft = portal.reports["kg_draft"]
    text = {
        name: f"{name} {PAYLOAD}"
        for name in ("progress", "results", "obstacles", "next_steps", "partners", "funding_source")
    }
    response = kg.post(
        f"/reporting/reports/{draft.pk}/edit/",
        {**text, "status": "in_progress", "version": draft.version, "action": "save",
         "links-TOTAL_FORMS": "1", "links-INITIAL_FORMS": "0",
         "links-0-url": "https://example.org/a", "links-0-title": PAYLOAD},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    draft.refresh_from_db()
    assert draft.progress == text["progress"]
    returned = portal.reports["kg_returned"]
    etag = kg.get(f"/api/v1/reports/{returned.pk}/").headers["ETag"]
    response = kg.patch(
        f"/api/v1/reports/{returned.pk}/",
        {"results": PAYLOAD},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert response.status_code == 200, response.content
    services.add_attachment(
        draft, by=portal.users["kg"],
        upload=SimpleUploadedFile(f"{PAYLOAD}.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    secretariat = portal.client("secretariat")
    submitted = portal.reports["kg_submitted"]
    response = secretariat.post(
        f"/reporting/reports/{submitted.pk}/review/", {"action": "return", "comment": PAYLOAD}
    )
    assert response.status_code == 302
    # Every other free-text column of every model.
    changed = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model.__name__.startswith("Historical"):
            continue
        fields = list(free_text_fields(model))
        if fields:
            model._base_manager.update(**{f.attname: f"{f.name} {PAYLOAD}" for f in fields})
            changed.append((model._meta.label, [f.name for f in fields]))
    labels = {label for label, _ in changed}
    assert {"programme.Activity", "reporting.Report", "reporting.FocalPoint",
            "reporting.ReportTransition", "auth.User"} <= labels  # fmt: skip
    return portal


@pytest.mark.parametrize("role", ["secretariat", "kg", "anonymous"])
def test_every_page_escapes_user_text(hostile, role):
    client = hostile.client(role)
    client.raise_request_exception = False
    shown, problems = 0, []
    for address in site_addresses(hostile):
        if address.url.endswith(("/delete/", "no-such-page/")):
            continue
        response = client.get(address.url)
        if response.status_code >= 500:
            problems.append(f"{address.url}: {response.status_code}")
            continue
        content_type = response.get("Content-Type", "")
        body = body_of(response)
        if "html" in content_type:
            for raw in RAW:
                if raw in body:
                    problems.append(f"{address.url} [{address.name}]: unescaped {raw!r}")
            shown += ESCAPED in body
        elif '<script>alert("x")' in body:
            # Data formats carry the text as it was typed, never as a page.
            if not content_type.startswith(("application/json", "text/csv", "application/vnd")):
                problems.append(f"{address.url}: raw text served as {content_type!r}")
            if response.get("X-Content-Type-Options") != "nosniff":
                problems.append(f"{address.url}: no nosniff")
    assert not problems, "\n".join(problems)
    assert shown >= 5  # the text was shown (escaped) on many pages


def test_the_api_returns_text_as_json_data(hostile):
    client = hostile.client("anonymous")
    response = client.get("/api/v1/activities/")
    assert response["Content-Type"] == "application/json"
    assert PAYLOAD in response.json()["results"][0]["text"]


def test_a_hostile_file_name_is_served_as_a_download_name_only(hostile):
    client = hostile.client("kg")
    attachment = hostile.reports["kg_draft"].attachments.order_by("-pk").first()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "<script>" not in disposition or "filename*=utf-8''" in disposition
    assert response["Content-Security-Policy"].startswith("sandbox")
