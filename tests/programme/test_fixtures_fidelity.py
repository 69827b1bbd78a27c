"""The shipped fixtures against Resolution 11.24's Programme of Work (Table 1)."""

from collections import Counter

import pytest
from django.db.models import Count

from programme.choices import Priority
from programme.models import Activity, Actor, Issue, Objective, Programme, Responsibility
from rangestates.models import Landscape, RangeState
from species.models import Species

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

ACTIVITIES_PER_ISSUE = {
    "1.1": 10, "1.2": 10, "1.3": 4, "1.4": 6, "1.5": 10, "1.6": 5, "1.7": 5,
    "2.1": 1, "2.2": 7, "2.3": 18, "2.4": 11, "2.5": 4,
    "3.1": 8,
    "4.1": 8, "4.2": 13, "4.3": 1,
}  # fmt: skip


def code_tuple(code):
    return tuple(int(part) for part in code.split("."))


def test_one_current_programme_with_vision_and_goal():
    programme = Programme.objects.get()
    assert programme.code == "cami-2014-2020"
    assert programme.is_current
    assert (programme.start_year, programme.end_year) == (2014, 2020)
    assert programme.resolution == "11.24"
    assert programme.vision_fr.startswith("Des populations hors de danger et viables")
    assert programme.vision_en and programme.goal_en
    assert programme.goal_fr.startswith("Améliorer la conservation des grands mammifères")


def test_121_activities_50_41_8_22_per_objective():
    assert Activity.objects.count() == 121
    per_objective = dict(
        Objective.objects.annotate(n=Count("issues__activities")).values_list("number", "n")
    )
    assert per_objective == {1: 50, 2: 41, 3: 8, 4: 22}


def test_activities_per_issue():
    per_issue = dict(Issue.objects.annotate(n=Count("activities")).values_list("code", "n"))
    assert per_issue == ACTIVITIES_PER_ISSUE
    assert set(Issue.objects.filter(objective__number=2).values_list("kind", flat=True)) == {
        "landscape"
    }


def test_codes_unique_and_follow_their_issue():
    codes = list(Activity.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for activity in Activity.objects.select_related("issue"):
        assert activity.code.startswith(activity.issue.code + "."), activity.code


def test_natural_order_puts_1_1_2_before_1_1_10():
    codes = list(Activity.objects.values_list("code", flat=True))
    assert codes == sorted(codes, key=code_tuple)
    assert codes.index("1.1.2") < codes.index("1.1.10")
    issues = list(Issue.objects.values_list("code", flat=True))
    assert issues == sorted(issues, key=code_tuple)


def test_every_activity_has_an_actor_and_a_valid_priority():
    without_actor = Activity.objects.annotate(n=Count("responsibilities")).filter(n=0)
    assert list(without_actor.values_list("code", flat=True)) == []
    assert set(Activity.objects.values_list("priority", flat=True)) <= set(Priority.values)


def test_priorities_as_in_the_table():
    priorities = Counter(Activity.objects.values_list("priority", flat=True))
    assert priorities[Priority.MIXED] == 1
    assert priorities[Priority.CONDITIONAL] == 1
    mixed = Activity.objects.get(code="1.3.1")
    assert mixed.priority == Priority.MIXED
    assert "(b, c, d)" in mixed.priority_text_fr
    assert dict(mixed.subactivities.values_list("letter", "priority")) == {
        "a": "high", "b": "high_medium", "c": "high_medium", "d": "high_medium",
        "e": "medium", "f": "medium",
    }  # fmt: skip
    conditional = Activity.objects.get(code="1.6.3")
    assert conditional.priority_text_fr.startswith("Selon la finalisation")
    expected = {
        "1.1.1": "high", "1.1.4": "high_medium", "1.2.2": "medium", "2.4.10": "medium_low",
        "3.1.2": "low", "4.2.11": "low", "2.3.8": "high_medium", "2.5.4": "high",
    }  # fmt: skip
    actual = dict(Activity.objects.filter(code__in=expected).values_list("code", "priority"))
    assert actual == expected


def test_every_text_in_french_and_english():
    for activity in Activity.objects.all():
        assert activity.text_fr.strip() and activity.text_en.strip(), activity.code
        assert activity.actors_text_fr.strip() and activity.actors_text_en.strip(), activity.code
        assert bool(activity.heading_fr) == bool(activity.heading_en), activity.code
        assert "Résolution 11.24" not in activity.text_fr
    for issue in Issue.objects.all():
        assert issue.title_fr and issue.title_en
    for actor in Actor.objects.all():
        assert actor.name_fr and actor.name_en


def test_sub_items_and_headings():
    assert list(
        Activity.objects.get(code="2.1.1").subactivities.values_list("letter", flat=True)
    ) == list("abcdefghijkl")
    headings = dict(
        Activity.objects.get(code="2.2.1").subactivities.values_list("letter", "heading_fr")
    )
    assert headings["a"] == headings["d"] == "Clôtures"
    assert headings["e"] == headings["g"] == "Routes"
    assert headings["h"] == headings["k"] == "Voies ferrées"
    assert Activity.objects.get(code="2.2.2").heading_fr == "Régime foncier"
    assert Activity.objects.get(code="2.3.1").heading_fr.startswith("Guépard")
    assert Activity.objects.get(code="2.4.4").heading_fr == "Informations sur les espèces"


def test_shared_cells_and_qualifiers():
    def actors(code):
        return list(
            Responsibility.objects.filter(activity__code=code).values_list("actor__slug", flat=True)
        )

    assert {"cms", "saiga-mou"} <= set(actors("2.3.8"))
    assert "saiga-mou" not in actors("2.3.7")
    kyrgyz = Responsibility.objects.get(activity__code="2.3.11", actor__slug="government-agencies")
    assert kyrgyz.qualifier_fr == "kirghize"
    assert "iucn-antelope-sg" in actors("2.3.14")
    assert "iucn-antelope-sg" not in actors("2.3.13")
    assert "wwf-central-asia" in actors("2.5.1")
    assert actors("2.2.2") == actors("2.2.3")


def test_proposed_actors_marked():
    proposed = set(
        Responsibility.objects.filter(proposed=True).values_list("activity__code", "actor__slug")
    )
    assert {("1.1.6", "traffic"), ("1.1.6", "cites"), ("1.3.1", "unep-wcmc")} <= proposed
    assert ("4.1.5", "giz") in proposed
    assert (
        not Responsibility.objects.filter(activity__code="4.2.2", actor__slug="cites")
        .get()
        .proposed
    )


def test_one_actor_however_the_table_writes_it():
    names = [name.casefold() for name in Actor.objects.values_list("name_fr", flat=True)]
    assert len(names) == len(set(names))
    assert Actor.objects.filter(slug="government-agencies").get().activities.count() > 80


def test_cross_references_are_links():
    assert list(
        Activity.objects.get(code="2.3.12").referenced_activities.values_list("code", flat=True)
    ) == ["2.2.6"]
    assert list(
        Activity.objects.get(code="2.3.15").referenced_issues.values_list("code", flat=True)
    ) == ["1.3"]
    assert list(
        Activity.objects.get(code="2.3.16").referenced_issues.values_list("code", flat=True)
    ) == ["1.1"]


def test_species_of_the_initiative():
    in_scope = Species.objects.in_initiative()
    assert in_scope.count() == 15
    by_appendix = Counter(in_scope.values_list("cms_appendix", flat=True))
    assert by_appendix == {"I": 4, "I_II": 1, "II": 6, "": 4}
    concerted = set(in_scope.filter(concerted_action=True).values_list("slug", flat=True))
    assert concerted == {
        "bactrian-camel", "wild-yak", "cheetah", "snow-leopard",
        "argali", "mongolian-gazelle", "goitered-gazelle", "asiatic-wild-ass",
    }  # fmt: skip
    assert Counter(in_scope.values_list("inclusion_criterion", flat=True)) == {
        1: 11,
        2: 1,
        3: 2,
        4: 1,
    }
    footnote3 = set(Species.objects.filter(scope="shares_landscape").values_list("slug", flat=True))
    assert footnote3 == {"urial", "thorolds-deer", "blue-sheep"}


def test_range_states_and_landscapes():
    assert RangeState.objects.count() == 14
    assert set(RangeState.objects.values_list("iso_code", flat=True)) == {
        "AF", "BT", "CN", "RU", "IN", "KZ", "KG", "MN", "NP", "UZ", "PK", "IR", "TJ", "TM",
    }  # fmt: skip
    assert Landscape.objects.filter(kind="transboundary").count() == 12
    assert set(Landscape.objects.filter(kind="other").values_list("slug", flat=True)) == {
        "ustyurt", "gobi-eastern-steppe", "qinghai-tibet-plateau",
    }  # fmt: skip
    pamir = Landscape.objects.get(slug="pamir")
    assert set(pamir.range_states.values_list("iso_code", flat=True)) == {"AF", "CN", "TJ", "PK"}


def test_activities_linked_to_what_they_name():
    snow_leopard_landscapes = Activity.objects.get(code="2.1.1")
    assert snow_leopard_landscapes.landscapes.count() == 12
    assert set(snow_leopard_landscapes.species.values_list("slug", flat=True)) >= {
        "snow-leopard", "argali",
    }  # fmt: skip
    assert (
        list(Activity.objects.get(code="2.3.1").range_states.values_list("iso_code", flat=True))
        != []
    )
    assert Activity.objects.get(code="2.3.6").landscapes.filter(slug="ustyurt").exists()
    assert Activity.objects.get(code="2.2.6").species.filter(slug="asiatic-wild-ass").exists()
    assert Activity.objects.filter(species__slug="cheetah").count() >= 5


def test_every_activity_has_a_short_title_in_every_language():
    """Written by us from the text, at most 90 characters; the text stays the reference."""
    missing, too_long = [], []
    for activity in Activity.objects.all():
        for language in ("en", "fr", "ru"):
            title = getattr(activity, f"short_title_{language}") or ""
            if not title.strip():
                missing.append(f"{activity.code} {language}")
            elif len(title) > 90:
                too_long.append(f"{activity.code} {language}")
    assert (missing, too_long) == ([], [])
    titles = Activity.objects.get(code="2.3.11")
    assert titles.short_title_en.startswith("Feasibility of kulan reintroduction")
    assert titles.short_title_ru.startswith("Осуществимость реинтродукции кулана")
