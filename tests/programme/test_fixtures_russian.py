"""The shipped fixtures' Russian: every record translated, numbers kept, names as used in the
region. The Russian is our translation from the French text, not an official one."""

import re
from collections import defaultdict

import pytest
from modeltranslation.translator import translator

from programme.models import (
    Activity,
    Actor,
    Issue,
    Objective,
    Programme,
    Responsibility,
    SubActivity,
)
from rangestates.models import Landscape, RangeState
from species.models import Species

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

TRANSLATED = [
    Programme, Objective, Issue, Activity, SubActivity, Actor, Responsibility,
    Species, RangeState, Landscape,
]  # fmt: skip

#: Actors known in Russian by their own (English) name.
OWN_NAMES = {"traffic", "giz", "iranian-cheetah-society", "international-takhi-group"}

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def label(record):
    return f"{record._meta.label_lower} {' '.join(str(k) for k in record.natural_key())}"


def translated_fields(model):
    return sorted(translator.get_options_for_model(model).fields)


def test_every_record_has_russian_where_it_has_english():
    """Lists every record (and field) the Russian translation forgot."""
    missing = []
    for model in TRANSLATED:
        fields = translated_fields(model)
        for record in model.objects.all():
            for name in fields:
                english = getattr(record, f"{name}_en") or ""
                russian = getattr(record, f"{name}_ru") or ""
                own_name = model is Actor and record.slug in OWN_NAMES
                translated = russian.strip() and (own_name or CYRILLIC.search(russian))
                if english.strip() and not translated:
                    missing.append(f"{label(record)}: {name}")
    assert missing == []


def test_russian_keeps_every_number_and_code():
    differs = []
    for model in TRANSLATED:
        fields = translated_fields(model)
        for record in model.objects.all():
            for name in fields:
                english = getattr(record, f"{name}_en") or ""
                russian = getattr(record, f"{name}_ru") or ""
                if sorted(re.findall(r"\d+", english)) != sorted(re.findall(r"\d+", russian)):
                    differs.append(f"{label(record)}: {name}")
    assert differs == []


def test_one_russian_wording_for_one_english_wording():
    """A heading or an actors' cell shared by several activities reads the same in Russian."""
    wordings = defaultdict(set)
    for model, fields in ((Activity, ("heading", "actors_text")), (SubActivity, ("heading",))):
        for record in model.objects.all():
            for name in fields:
                if getattr(record, f"{name}_en"):
                    wordings[getattr(record, f"{name}_en")].add(getattr(record, f"{name}_ru"))
    assert {english: ru for english, ru in wordings.items() if len(ru) > 1} == {}


def test_names_as_used_in_the_region():
    def species(slug):
        return Species.objects.get(slug=slug)

    assert species("snow-leopard").common_name_ru == "Снежный барс"
    assert "ирбис" in species("snow-leopard").other_names_ru
    assert species("saiga").common_name_ru == "Сайгак"
    assert species("argali").common_name_ru == "Аргали"
    assert species("argali").other_names_ru == "архар"
    assert species("asiatic-wild-ass").common_name_ru == "Кулан"
    assert species("bactrian-camel").common_name_ru == "Дикий двугорбый верблюд"
    assert species("goitered-gazelle").common_name_ru == "Джейран"
    assert species("mongolian-gazelle").common_name_ru == "Дзерен"
    assert species("przewalskis-horse").common_name_ru == "Лошадь Пржевальского"
    names = dict(RangeState.objects.values_list("iso_code", "name_ru"))
    assert names["KG"] == "Кыргызстан"
    assert names["KZ"] == "Казахстан"
    assert names["RU"] == "Российская Федерация"
    assert names["IR"] == "Иран (Исламская Республика)"
    assert Actor.objects.get(slug="cms").name_ru == "КМВ"
    assert Actor.objects.get(slug="cites").name_ru == "СИТЕС"
    assert Activity.objects.get(code="4.1.1").text_ru.startswith("Учредить в Секретариате КМВ")
    assert "ЦАИМ" in Activity.objects.get(code="1.4.4").text_ru


def test_sub_items_keep_their_letters_and_priorities():
    mixed = Activity.objects.get(code="1.3.1")
    assert mixed.priority_text_ru == "Высокий (a), высокий / средний (b, c, d), средний (e, f)"
    landscapes = dict(
        Activity.objects.get(code="2.1.1").subactivities.values_list("letter", "text_ru")
    )
    assert landscapes["d"] == "Внутренний Тянь-Шань (Китай, Кыргызстан)"
    assert landscapes["h"] == "Памир (Афганистан, Китай, Таджикистан, Пакистан)"
    kyrgyz = Responsibility.objects.get(activity__code="2.3.11", actor__slug="government-agencies")
    assert kyrgyz.qualifier_ru == "Кыргызстана"
