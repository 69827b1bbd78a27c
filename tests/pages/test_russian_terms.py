"""The Russian interface keeps its terms apart and consistent: the programme's goal is
«Цель», an objective «Задача»; the initiative is ЦАИМ, as in the Russian content."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import ObjectiveFactory, ProgrammeFactory

CATALOGUES = [
    Path(settings.BASE_DIR) / "locale/ru/LC_MESSAGES/django.po",
    Path(settings.BASE_DIR) / "reporting/locale/ru/LC_MESSAGES/django.po",
]
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr.*\n(?:".*"\n)*)+)',
                   re.M)  # fmt: skip


def entries():
    for path in CATALOGUES:
        for msgid, msgstr in ENTRY.findall(path.read_text(encoding="utf-8")):
            source = "".join(re.findall(r'"(.*)"', msgid))
            target = "".join(re.findall(r'"(.*)"', msgstr))
            if source:
                yield source, target


def test_goal_and_objective_are_distinct_words():
    with translation.override("ru"):
        assert translation.gettext("Goal") == "Цель"
        assert translation.gettext("Objective") == "Задача"
        assert translation.gettext("Objectives") == "Задачи"
        assert translation.gettext("Objective %(number)s") % {"number": 2} == "Задача 2"


def test_no_objective_is_called_a_goal():
    wrong = [
        (source, target)
        for source, target in entries()
        if re.search("objective", source, re.I)
        and not re.search("goal", source, re.I)
        and re.search(r"\bцел(?:ь|и|ей|ям|ями|ях|ью)\b", target, re.I)  # not «целиком»
    ]
    assert wrong == []


def test_the_initiative_is_named_one_way():
    latin = [(source, target) for source, target in entries() if "CAMI" in target]
    assert latin == []


@pytest.mark.django_db
def test_the_russian_home_page_says_goal_and_objective(client):
    ObjectiveFactory(programme=ProgrammeFactory(goal_ru="Улучшить сохранение."), number=1)
    html = client.get("/", headers={"accept-language": "ru"}).content.decode()
    assert "<h2>Цель</h2>" in html
    assert "Задача 1" in html and "Цель 1" not in html
