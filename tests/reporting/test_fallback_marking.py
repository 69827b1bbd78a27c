"""The focal point's and the Secretariat's pages mark an activity text that falls back to
English on a Russian page: My reporting, the report form and the review queue."""

import pytest
from django.urls import reverse

from programme.models import Activity
from reporting.choices import ReportState

from .conftest import form_url

pytestmark = pytest.mark.django_db

MARK = 'class="fallback-mark"'


@pytest.fixture
def russian_but_kg(world):
    """Every activity has Russian except "kg", which falls back to English."""
    for key, activity in world.activities.items():
        russian = "" if key == "kg" else f"Русский заголовок {key}"
        Activity.objects.filter(pk=activity.pk).update(
            short_title_en=f"English title {key}", short_title_ru=russian,
            text_ru="" if key == "kg" else f"Русский текст {key}",
        )  # fmt: skip
    for obj in (world.activities["kg"].issue, world.activities["landscape"].issue):
        type(obj).objects.filter(pk=obj.pk).update(title_ru="Проблема")
    return world


def ru(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert response["Content-Language"] == "ru, en"
    return response.content.decode()


def test_my_reporting_marks_the_untranslated_title(client, russian_but_kg):
    client.force_login(russian_but_kg.kg_fp.user)
    html = ru(client, reverse("reporting:mine"))
    assert '<span lang="en" class="fallback-text">English title kg</span>' in html
    assert "English title landscape" not in html and "Русский заголовок landscape" in html


def test_report_form_marks_the_untranslated_text(client, russian_but_kg):
    client.force_login(russian_but_kg.kg_fp.user)
    html = ru(client, form_url(russian_but_kg, "kg"))
    text = russian_but_kg.activities["kg"].text_en
    assert f'<p class="mb-2"><span lang="en" class="fallback-text">{text}</span>' in html


def test_review_queue_marks_the_untranslated_title(client, russian_but_kg, secretariat_user):
    russian_but_kg.report("kg", state=ReportState.SUBMITTED)
    russian_but_kg.report("landscape", state=ReportState.SUBMITTED)
    client.force_login(secretariat_user)
    html = ru(client, reverse("reporting:review"))
    assert '<span lang="en" class="fallback-text">English title kg</span>' in html
    assert "Русский заголовок landscape" in html
