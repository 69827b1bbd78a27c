"""The activity browser writes its outline (objectives, issues, each issue's table) in Python
(pages/outline.py) and reads its filter's records as rows (pages/listing.py). These tests
render the outline the way templates/pages/activity_browser.html rendered it before (its
former markup kept in tests/pages/outline_before.html) and the filter's choices the way
Django listed them (model instances), for the real programme, in English, French and
Russian, with titles and names that fall back to another language."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from pages.listing import activity_filterset, current_programme_or_404, dress_filter_form
from pages.outline import outline_markup
from programme.models import Activity, Actor, Issue, Objective
from rangestates.models import Landscape, RangeState
from species.models import Species

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

LANGUAGES = ["en", "fr", "ru"]
OLD_OUTLINE = Template(
    "{% load i18n activity_tables %}" + (Path(__file__).parent / "outline_before.html").read_text()
)


@pytest.fixture
def missing_texts():
    ids = list(Activity.objects.order_by("sort_key").values_list("pk", flat=True))
    Activity.objects.filter(pk__in=ids[:40:3]).update(short_title_ru="", text_ru="")
    Activity.objects.filter(pk__in=ids[2:60:5]).update(heading_fr="", heading_ru="")
    Issue.objects.filter(pk__in=Issue.objects.order_by("sort_key").values("pk")[:4]).update(
        title_fr="", title_ru=""
    )
    Objective.objects.filter(number=2).update(title_ru="", title_fr='Objectif <2> & "autres"')
    RangeState.objects.filter(iso_code="KG").update(name_ru="", name_fr="")
    Species.objects.filter(pk__in=Species.objects.values("pk")[:3]).update(common_name_ru="")
    Landscape.objects.filter(pk__in=Landscape.objects.values("pk")[:2]).update(name_fr="")
    Actor.objects.filter(pk__in=Actor.objects.values("pk")[:5]).update(name_ru="")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", [{}, {"issue": "2.3"}, {"q": "survey"}])
def test_the_outline_as_the_template_wrote_it(client, missing_texts, language, params):
    response = client.get(reverse("programme:activities"), params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    rows, filtered = response.context["rows"], response.context["filtered"]
    assert rows
    with translation.override(language):
        old = OLD_OUTLINE.render(Context({"rows": rows, "filtered": filtered}))
        new = outline_markup(rows, filtered=filtered)
    assert new == old
    assert new in response.text
    assert new.count("<details") == len({row.activity.issue_id for row in rows})
    if not params:
        assert (
            new.count('<section class="outline-objective"')
            == Objective.objects.filter(programme=response.context["programme"]).count()
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filter_s_choices_as_django_listed_them(rf, missing_texts, language):
    request = rf.get("/activities/", {"species": "snow-leopard"})
    with translation.override(language):
        programme = current_programme_or_404(request)
        expected = activity_filterset(request, programme).form
        form = dress_filter_form(activity_filterset(request, programme), programme)
        for name in ("actor", "species", "range_state", "landscape"):
            old = [(str(value), str(label)) for value, label in expected.fields[name].choices]
            new = [(value, label) for value, label in form.fields[name].widget.choices]
            assert new == old, name
            assert len(new) > 5
