"""The search's ranking, highlighting, accepted reports and its documents kept up to date."""

import pytest
from django.db import connection
from django.urls import reverse

from core import search
from reporting.choices import ReportState
from tests.factories import ActivityFactory, ProgrammeFactory, SpeciesFactory

pytestmark = pytest.mark.django_db


def activities_for(client, words, language="en"):
    response = client.get(
        reverse("programme:search"), {"q": words}, headers={"accept-language": language}
    )
    return response


def test_a_title_match_comes_before_a_mention_in_the_text(client):
    mention = ActivityFactory(
        text_en="Monitor many herds of ungulates across the steppe; saiga included.",
        short_title_en="Monitor ungulate herds",
    )
    title = ActivityFactory(
        text_en="Count the animals every spring.", short_title_en="Saiga census"
    )
    assert mention.pk < title.pk
    response = activities_for(client, "saigas")
    assert [a.code for a in response.context["activities"]] == [title.code, mention.code]


def test_matching_words_are_highlighted_and_html_is_escaped(client):
    ActivityFactory(
        short_title_en="<b>Poaching</b> & <script>alert(1)</script>",
        text_en="Stop the poaching <i>now</i>.",
    )
    html = activities_for(client, "poaching").content.decode()
    assert "&lt;b&gt;<mark>Poaching</mark>&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "Stop the <mark>poaching</mark> &lt;i&gt;now&lt;/i&gt;." in html
    assert "<script>alert(1)" not in html


def test_highlight_finds_inflected_forms():
    assert search.highlight("Охрана сайгаков в Монголии", "сайгак монголия") == (
        "Охрана <mark>сайгаков</mark> в <mark>Монголии</mark>"
    )
    assert search.highlight("a < b", "zebra") == "a &lt; b"


def test_highlight_marks_words_of_the_same_family():
    assert search.highlight("Lutte contre le braconnage", "braconniers") == (
        "Lutte contre le <mark>braconnage</mark>"
    )
    assert search.highlight("Борьба с браконьерством", "браконьеры") == (
        "Борьба с <mark>браконьерством</mark>"
    )


def test_documents_follow_the_records(client):
    activity = ActivityFactory(text_en="Protect the wild yak.")
    assert [a.pk for a in activities_for(client, "yaks").context["activities"]] == [activity.pk]
    activity.text_en = "Protect the kulan."
    activity.save()
    assert activities_for(client, "yaks").context["activities"] == []
    species = SpeciesFactory(common_name_en="Bactrian camel")
    activity.species.add(species)
    assert [a.pk for a in activities_for(client, "camels").context["activities"]] == [activity.pk]
    species.common_name_en = "Wild camel"
    species.save()
    assert [a.pk for a in activities_for(client, "wild").context["activities"]] == [activity.pk]
    activity.delete()
    assert activities_for(client, "camels").context["activities"] == []


def test_accepted_reports_are_found_drafts_are_not(
    client, secretariat, django_capture_on_commit_callbacks
):
    from tests.rangestates.factories import build_reported_programme

    build_reported_programme(1, secretariat=secretariat)
    from reporting.models import Report

    accepted = Report.objects.filter(state=ReportState.ACCEPTED).first()
    draft = Report.objects.exclude(state=ReportState.ACCEPTED).first()
    assert accepted and draft
    with django_capture_on_commit_callbacks(execute=True):
        accepted.progress = "Сезонные пастбища восстановлены."
        accepted.save()
        draft.progress = "Сезонные пастбища не восстановлены."
        draft.save()
    response = activities_for(client, "пастбищами", "ru")
    assert [r.pk for r in response.context["reports"]] == [accepted.pk]
    assert "<mark>пастбища</mark>" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own indexes")
def test_postgresql_has_a_gin_index_per_language():
    ProgrammeFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'core_searchdocument'"
        )
        indexes = dict(cursor.fetchall())
    for language, config in (("en", "english"), ("fr", "french"), ("ru", "russian")):
        definition = indexes[f"core_search_{language}_gin"]
        assert "USING gin" in definition and f"'{config}'::regconfig" in definition


def test_migrate_rebuilds_documents_built_without_families_and_the_command_too():
    from django.core.management import call_command

    from core.apps import build_missing_search_documents
    from core.models import SearchDocument

    activity = ActivityFactory(text_fr="Lutte contre le braconnage.")
    old_style = " ".join(t for t in SearchDocument.objects.get(
        kind="activity", object_id=activity.pk).stems_fr.split() if not t.startswith("~"))
    SearchDocument.objects.filter(kind="activity").update(
        stems_en=" protect ", stems_fr=f" {old_style} "
    )
    assert [pk for pk, *_ in search.match("activity", "braconnage")] == [activity.pk]
    assert search.match("activity", "braconniers") == []
    build_missing_search_documents()
    assert [pk for pk, *_ in search.match("activity", "braconniers")] == [activity.pk]
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert [pk for pk, *_ in search.match("activity", "braconniers")] == [activity.pk]
