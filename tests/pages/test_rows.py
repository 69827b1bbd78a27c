"""The activity browser, the matrix and a range state's page make each row's pieces once in
Python (pages/rows.py) instead of row by row in their templates. These tests render the rows
the way the pages rendered them before (`includes/activity_table.html`, still the table of
the species and landscape pages, over `for_public_listing()`; the matrix's former row and
card markup, kept below) for the real programme, and find exactly that HTML in the pages: in
English, French and Russian, with texts that fall back to another language (their `lang`
and marker), statuses reported by range states, and links that carry `?programme=`."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from programme.models import Activity, Issue, Objective, Programme
from rangestates.models import RangeState
from reporting import public as public_reports
from reporting.models import RangeStateActivityStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

LANGUAGES = ["en", "fr", "ru"]

# The matrix's markup of a row and of its card on a phone, as templates/pages/matrix.html
# wrote them before pages/rows.py made their pieces.
# (tests/pages/matrix_rows_before.html: the row, then the card after SEPARATOR).
SEPARATOR = "{# ---- the card ---- #}"
_ROW, _CARD = (Path(__file__).parent / "matrix_rows_before.html").read_text().split(SEPARATOR)
OLD_MATRIX_ROW = Template("{% load i18n portal programme_links %}" + _ROW)
OLD_MATRIX_CARD = Template("{% load i18n portal programme_links %}" + _CARD)


@pytest.fixture
def story():
    """Texts missing in French or Russian (they fall back), and statuses accepted in range
    states for some activities (the pictures, the matrix's cells, a country's column)."""
    activities = list(Activity.objects.order_by("sort_key"))
    ids = [a.pk for a in activities]
    Activity.objects.filter(pk__in=ids[:40:3]).update(short_title_ru="", text_ru="")
    Activity.objects.filter(pk__in=ids[1:60:4]).update(short_title_fr="")
    Activity.objects.filter(pk__in=ids[2:60:5]).update(heading_fr="", heading_ru="")
    Issue.objects.filter(pk__in=Issue.objects.order_by("sort_key").values("pk")[:4]).update(
        title_fr="", title_ru=""
    )
    Objective.objects.filter(number=2).update(title_ru="")
    RangeState.objects.filter(iso_code="KG").update(name_ru="")
    states = list(RangeState.objects.order_by("name_en"))
    statuses = ["completed", "ongoing", "in_progress", "delayed", "suspended", "not_started"]
    RangeStateActivityStatus.objects.bulk_create(
        RangeStateActivityStatus(
            activity_id=activity_id,
            range_state=state,
            status=statuses[(n + k) % len(statuses)],
            as_of=datetime.date(2025, 1 + (n + k) % 12, 1 + k),
        )
        for n, activity_id in enumerate(ids[::2])
        for k, state in enumerate(states[: 1 + n % 9])
    )
    return Programme.objects.get(is_current=True)


def page(client, url, language, **params):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response, response.content.decode()


def old_table(response, language, activities, **options):
    """`includes/activity_table.html` over `activities`, as the pages included it."""
    with translation.override(language):
        return render_to_string(
            "includes/activity_table.html",
            {"activities": activities, "programme": response.context["programme"], **options},
            request=response.wsgi_request,
        )


def old_listing(programme, **filters):
    return list(Activity.objects.in_programme(programme).filter(**filters).for_public_listing())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", [{}, {"programme": "x"}])
def test_browser_tables_as_before(client, story, language, params):
    if params:
        params = {"programme": story.code}  # asked for: every link carries it
    response, html = page(client, reverse("programme:activities"), language, **params)
    activities = public_reports.attach_country_pictures(old_listing(story))
    issues = {}
    for activity in activities:
        issues.setdefault(activity.issue_id, []).append(activity)
    assert html.count('<table class="table activity-table') == len(issues)
    for group in issues.values():
        with translation.override(language):
            caption = group[0].issue.title
        table = old_table(
            response, language, group, show_headings=True, caption=caption, country_column=True
        )
        assert table.strip() in html
    if language != "en":
        assert 'lang="en" class="fallback-text"' in html
    assert 'class="picture-cell"' in html
    if params:
        assert f"?programme={story.code}" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_browser_in_a_chosen_order_as_before(client, story, language):
    response, html = page(client, reverse("programme:activities"), language, ordering="code")
    activities = response.context["activities"]
    assert [a.pk for a in activities] == [a.pk for a in old_listing(story)]  # same order here
    activities = public_reports.attach_country_pictures(old_listing(story))
    with translation.override(language):
        caption = translation.gettext("Activities in the chosen order")
    table = old_table(
        response, language, activities, show_issue=True, caption=caption, country_column=True
    )
    assert html.count('<table class="table activity-table') == 1
    assert table.strip() in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", ["KG", "MN"])
def test_range_state_tables_as_before(client, story, language, code):
    response, html = page(client, reverse("rangestates:detail", args=[code]), language)
    state = RangeState.objects.get(iso_code=code)
    named = [a.pk for a in response.context["activities"]]
    general = [a.pk for a in response.context["general_activities"]]
    assert named and general
    with translation.override(language):
        column = translation.gettext("Reported for this country")
        caption = translation.gettext("Activities for every range state")
        state_name = str(state)
    for pks, options in [
        (named, {"caption": state_name, "empty_message": "unused"}),
        (general, {"caption": caption}),
    ]:
        activities = old_listing(story, pk__in=pks)
        public_reports.attach_state_statuses(state, activities)
        table = old_table(
            response, language, activities, show_issue=True, state_column=column, **options
        )
        assert table.strip() in html
    assert html.count('<table class="table activity-table') == 2
    if language == "ru" and code == "KG":
        assert 'lang="en" class="fallback-text"' in html


def old_matrix_rows(response, language, rows):
    context = {"programme": response.context["programme"], "request": response.wsgi_request}
    with translation.override(language):
        for row in rows:
            values = Context({**context, "row": row, "activity": row.activity})
            yield OLD_MATRIX_ROW.render(values), OLD_MATRIX_CARD.render(values)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", [{}, {"range_state": ["KG", "MN"]}, {"programme": "x"}])
def test_matrix_rows_as_before(client, story, language, params):
    if "programme" in params:
        params = {"programme": story.code}
    response, html = page(client, reverse("programme:matrix"), language, **params)
    rows = response.context["rows"]
    if "range_state" not in params:
        assert len(rows) == Activity.objects.count()
    assert rows
    for row, card in old_matrix_rows(response, language, rows):
        assert row in html
        assert card in html
    assert html.count('class="cell-status status-') > len(rows)
    if language != "en" and "range_state" not in params:
        assert 'lang="en" class="fallback-text"' in html
