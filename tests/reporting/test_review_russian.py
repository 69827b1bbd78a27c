"""The review of a small cycle in Russian: the Word document and the PDF carry the Russian
titles of the activities and the Russian names of the range states, never the English ones."""

import pytest
from django.urls import reverse

from .review_helpers import accept_reports, docx_text, pdf_text

pytestmark = pytest.mark.django_db

RUSSIAN_TITLES = {"kg": "Обучение егерей в Кыргызстане", "tj": "Учёт архаров в Таджикистане"}


@pytest.fixture
def russian_world(world):
    world.kg.name_ru, world.tj.name_ru = "Кыргызстан", "Таджикистан"
    world.kg.save()
    world.tj.save()
    for name, title in RUSSIAN_TITLES.items():
        activity = world.activities[name]
        activity.short_title_ru = title
        activity.save()
    accept_reports(world)
    return world


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_russian_review_reads_in_russian(client, russian_world, secretariat_user, fmt):
    client.force_login(secretariat_user)
    response = client.get(
        reverse("reporting:review_file", args=[russian_world.cycle.pk, fmt]), {"lang": "ru"}
    )
    assert response.status_code == 200
    text = (pdf_text if fmt == "pdf" else docx_text)(response.content)
    squeezed = " ".join(text.split())
    for title in RUSSIAN_TITLES.values():
        assert title in squeezed
    assert "Кыргызстан" in squeezed and "Таджикистан" in squeezed
    assert "Задача 1:" in squeezed  # the headings are the review's own Russian words
    for english in ("Kyrgyzstan", "Tajikistan", "Summary", "Objective 1:", "Priority"):
        assert english not in squeezed, english
