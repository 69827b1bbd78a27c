"""The review's files: the Word document and the PDF hold every activity with an accepted
report and its excerpts, in each language; only the secretariat has them."""

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.urls import reverse

from reporting.review_document.publishing import languages

from .review_helpers import EXCERPTS, accept_reports, docx_text, pdf_text

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "review"
SUMMARY = {"en": "Summary", "fr": "Résumé", "ru": "Краткая статистика"}


def _file(client, world, fmt, language):
    response = client.get(
        reverse("reporting:review_file", args=[world.cycle.pk, fmt]), {"lang": language}
    )
    assert response.status_code == 200, response.content[:300]
    return response


def _reported(world):
    return [world.activities[name] for name in ("kg", "general", "tj", "leopard")]


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_word_document_holds_every_reported_activity(client, world, secretariat_user,
                                                         language):  # fmt: skip
    accept_reports(world)
    client.force_login(secretariat_user)
    response = _file(client, world, "docx", language)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert f"-{language}-" in response["Content-Disposition"]
    text = docx_text(response.content)
    for activity in _reported(world):
        assert activity.code in text
    for progress in EXCERPTS.values():
        assert progress in text
    assert "Camera traps set along the snow leopard corridor." in text
    assert "Not yet public draft text." not in text
    assert SUMMARY[language] in text
    # Real Word headings and tables: the secretariat restyles them in Word.
    document = docx.Document(__import__("io").BytesIO(response.content))
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    assert len(document.tables) >= 5
    assert document.inline_shapes  # the charts and the map, as pictures


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_pdf_holds_every_reported_activity(client, world, secretariat_user, language):
    accept_reports(world)
    client.force_login(secretariat_user)
    response = _file(client, world, "pdf", language)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for activity in _reported(world):
        assert activity.code in text
    for progress in EXCERPTS.values():
        assert progress in text
    assert "Not yet public draft text." not in text
    assert SUMMARY[language] in text
    _keep_first_pages(response.content, f"draft-{language}")


def _keep_first_pages(pdf: bytes, name: str, pages: int = 3):
    """The PDF's first pages as PNG, kept in test-artifacts/review/ for a person to look at."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing (apt-get install poppler-utils).")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", str(pages), source, ARTIFACTS / name],
        check=True,
        timeout=120,
    )
    made = sorted(ARTIFACTS.glob(f"{name}-*.png"))
    assert made and all(png.read_bytes().startswith(b"\x89PNG") for png in made)


def test_an_unknown_language_or_format_is_a_404(client, world, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("reporting:review_file", args=[world.cycle.pk, "pdf"])
    assert client.get(url, {"lang": "de"}).status_code == 404
    odt = reverse("reporting:review_file", args=[world.cycle.pk, "odt"])
    assert client.get(odt).status_code == 404
    assert client.get(reverse("reporting:review_file", args=[9999, "pdf"])).status_code == 404
    assert set(languages()) == {"en", "fr", "ru"}


REFUSED = ["focal point of the state", "species focal point", "staff outside the group",
           "partner", "anonymous"]  # fmt: skip


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize(
    "name, args",
    [
        ("reporting:review_file", ["pdf"]),
        ("reporting:review_file", ["docx"]),
        ("reporting:cycle_review", []),
    ],
)
def test_only_the_secretariat_has_the_draft_review(client, world, roles, plain_user, role,
                                                   name, args):  # fmt: skip
    accept_reports(world)
    user = plain_user if role == "partner" else roles[role]
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(reverse(name, args=[world.cycle.pk, *args]))
    assert response.status_code in (403, 404)
    assert EXCERPTS[("kg", "kg")].encode() not in response.content


def test_the_secretariat_page_of_the_review_links_the_files(client, world, secretariat_user):
    accept_reports(world)
    client.force_login(secretariat_user)
    response = client.get(reverse("reporting:cycle_review", args=[world.cycle.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for language in ("en", "fr", "ru"):
        for fmt in ("pdf", "docx"):
            url = reverse("reporting:review_file", args=[world.cycle.pk, fmt])
            assert f"{url}?lang={language}" in page
    assert EXCERPTS[("kg", "kg")] in page
    assert "<svg" in page and 'data-iso="KG"' in page
    queue = client.get(reverse("reporting:review")).content.decode()
    assert reverse("reporting:cycle_review", args=[world.cycle.pk]) in queue


def test_the_admin_cycle_page_links_the_review(client, world, secretariat_user):
    secretariat_user.is_superuser = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    page = client.get(
        reverse("admin:reporting_reportingcycle_change", args=[world.cycle.pk])
    ).content.decode()
    assert reverse("reporting:review_file", args=[world.cycle.pk, "pdf"]) in page
    assert reverse("reporting:review_file", args=[world.cycle.pk, "docx"]) in page


def test_the_pdf_keeps_the_statuses_and_every_report_in_its_compact_annexes(
    client, world, secretariat_user
):
    """The statuses per range state are a line per activity, Annex 1 numbers the statuses
    and Annex 2 lists the reports a paragraph per activity: all of them are still there."""
    reports = accept_reports(world)
    client.force_login(secretariat_user)
    text = pdf_text(_file(client, world, "pdf", "en").content)
    assert "Status per range state: KG Completed · TJ Completed" in text
    assert "Key: 1 Not started · 2 In progress" in text
    annex = text[text.index("Annex 2: the accepted reports") :]
    for report in reports:
        subject = report.range_state or report.species
        assert f"{subject} (no. {report.pk}): {report.get_status_display()}" in annex
    assert annex.index(world.activities["kg"].code) < annex.index(
        world.activities["leopard"].code
    )
