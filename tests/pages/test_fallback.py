"""A text missing in the page's language falls back to another one, and says so: the
element carries that language's `lang`, a discreet marker is announced to screen readers,
`Content-Language` names the language, and the API lists the fields that fell back."""

import re

import pytest

from programme.models import Activity, SubActivity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

CODE = "2.1.1"


@pytest.fixture
def without_russian():
    """Activity 2.1.1 with its Russian text and first sub-item's Russian removed."""
    Activity.objects.filter(code=CODE).update(text_ru="")
    SubActivity.objects.filter(activity__code=CODE, letter="a").update(text_ru="")
    return Activity.objects.get(code=CODE)


def test_russian_page_marks_the_english_text(client, without_russian):
    response = client.get(f"/activities/{CODE}/", HTTP_ACCEPT_LANGUAGE="ru")
    html = response.content.decode()
    text = re.search(r'<p class="activity-text"><span lang="en" class="fallback-text">(.*?)</span>'
                     r'<abbr class="fallback-mark" title="([^"]+)">', html)
    assert text, "the fallen-back text is not marked"
    assert text.group(1).startswith(without_russian.text_en[:30])
    assert "Английский" in text.group(2)
    assert html.count('class="fallback-mark"') == 2  # the text and sub-item a), nothing else
    assert '<span class="visually-hidden">(' in html
    assert response["Content-Language"] == "ru, en"


def test_a_translated_page_has_no_marker(client, without_russian):
    response = client.get("/activities/2.3.8/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "fallback-mark" not in response.content.decode()
    assert response["Content-Language"] == "ru"
    english = client.get(f"/activities/{CODE}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "fallback-mark" not in english.content.decode()
    assert english["Content-Language"] == "en"


def test_lists_mark_the_short_title_that_fell_back(client):
    Activity.objects.filter(code=CODE).update(short_title_ru="")
    html = client.get("/activities/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert html.count('class="fallback-mark"') == 1
    title = Activity.objects.get(code=CODE).short_title_en
    assert f'<span lang="en" class="fallback-text">{title}</span>' in html


def test_api_lists_the_fields_that_fell_back(client, without_russian):
    response = client.get(f"/api/v1/activities/{CODE}/?lang=ru")
    assert response.status_code == 200
    body = response.json()
    assert body["fallback"] == {"text": "en"}
    assert body["text"] == without_russian.text_en
    sub_items = {s["letter"]: s["fallback"] for s in body["subactivities"]}
    assert sub_items["a"] == {"text": "en"}
    assert sub_items["b"] == {}
    assert response["Content-Language"] == "ru, en"
    assert client.get("/api/v1/activities/2.3.8/?lang=ru").json()["fallback"] == {}


def test_schema_declares_the_fallback_member(client):
    schema = client.get("/api/schema/?format=json").json()
    activity = schema["components"]["schemas"]["Activity"]["properties"]
    assert activity["fallback"]["type"] == "object"
    assert activity["fallback"]["additionalProperties"]["enum"] == ["en", "fr", "ru"]
