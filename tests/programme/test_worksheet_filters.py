"""The worksheet's filters (their choices read as rows, their lists written in Python) and its
whole page are what Django's own changelist shows: the same choices, labels and order, the
same lists, the same page byte for byte, in every language, with filters applied and with the
errors of a refused list edit."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory
from django.utils import translation

from programme.admin import ActivityStatusAdmin
from programme.models import ActivityStatus
from programme.services import set_status
from programme.worksheet_filters import LABELS, QueryStrings, RelatedOnlyRowsFilter, filter_list
from tests.factories import (
    ActorFactory,
    LandscapeFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
)

from .conftest import CHANGELIST, build_statuses, list_edit_data

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "ru"]


class DjangosWorksheet(ActivityStatusAdmin):
    """The worksheet as Django's admin writes it: its own changelist template (with the
    import and export buttons) and its own related filters."""

    change_list_template = None
    list_filter = [
        (item[0], admin.RelatedOnlyFieldListFilter) if isinstance(item, tuple) else item
        for item in ActivityStatusAdmin.list_filter
    ]


@pytest.fixture
def statuses(officer, other_officer):
    """Rows whose related objects have names in some languages only, an empty one, and
    markup in names."""
    statuses = build_statuses(5)
    second_programme = ProgrammeFactory(code="second", title_en="", title_fr="Le second",
                                        start_year=2020, is_current=False)  # fmt: skip
    statuses += build_statuses(2, programme=second_programme)
    actors = [
        ActorFactory(name_en='<b>"A & B"</b>', name_fr=""),
        ActorFactory(name_en="", name_fr="Seulement en français"),
        ActorFactory(name_en="", name_fr="", slug="no-name"),
        ActorFactory(name_en="Zebra", name_ru="Зебра"),
    ]
    species = [SpeciesFactory(common_name_fr=""), SpeciesFactory(common_name_en="", slug="bare")]
    states = [RangeStateFactory(iso_code="KG"), RangeStateFactory(iso_code="TJ", name_en="")]
    landscapes = [LandscapeFactory(name_ru="Ландшафт"), LandscapeFactory(slug="a-first")]
    for index, status in enumerate(statuses):
        activity = status.activity
        ResponsibilityFactory(activity=activity, actor=actors[index % len(actors)])
        activity.species.add(species[index % 2])
        activity.range_states.add(states[index % 2])
        if index % 3:
            activity.landscapes.add(landscapes[index % 2])
    set_status(statuses[0].activity, status="in_progress", by=other_officer, expected_version=0)
    return statuses


def request_for(user, query=None, data=None):
    factory = RequestFactory()
    request = factory.post(CHANGELIST, data) if data else factory.get(CHANGELIST, query or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    return request


def page(admin_class, user, query=None, data=None):
    model_admin = admin_class(ActivityStatus, admin.site)
    response = model_admin.changelist_view(request_for(user, query, data))
    response.render()
    text = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def changelist(user, query=None):
    return ActivityStatusAdmin(ActivityStatus, admin.site).get_changelist_instance(
        request_for(user, query)
    )


QUERIES = [
    None,
    {"status__exact": "in_progress"},
    {"activity__actors__isnull": "True"},
    {"q": "conservation", "o": "-2.1"},
    {"p": "1", "activity__priority__exact": "high"},
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_related_choices_are_djangos(statuses, officer, language):
    with translation.override(language):
        cl = changelist(officer)
        compared = 0
        for spec in cl.filter_specs:
            if not isinstance(spec, RelatedOnlyRowsFilter):
                continue
            assert spec.field.remote_field.model in LABELS  # read as rows, not by Django
            djangos = admin.RelatedOnlyFieldListFilter.field_choices(
                spec, spec.field, request_for(officer), cl.model_admin
            )
            assert spec.lookup_choices == djangos
            assert all(type(label) is str for _key, label in spec.lookup_choices)
            compared += 1
        assert compared == 7  # the programmes' filter too, shown with its two programmes
        assert len(cl.filter_specs) == 9


class OneProgrammesWorksheet(ActivityStatusAdmin):
    """A worksheet whose rows depend on the request: its filters' queries are made for each."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(activity__programme__code=request.code)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", ["second", "cami-2014-2020"])
def test_choices_of_a_worksheet_whose_rows_depend_on_the_request(statuses, officer, language, code):
    with translation.override(language):
        request = request_for(officer)
        request.code = code
        model_admin = OneProgrammesWorksheet(ActivityStatus, admin.site)
        cl = model_admin.get_changelist_instance(request)
        for spec in cl.filter_specs:
            if isinstance(spec, RelatedOnlyRowsFilter):
                djangos = admin.RelatedOnlyFieldListFilter.field_choices(
                    spec, spec.field, request, model_admin
                )
                assert spec.lookup_choices == djangos


def test_choices_follow_the_data(statuses, officer):
    """The filters' queries are compiled once, and run on each request."""

    def actors():
        cl = changelist(officer)
        spec = next(s for s in cl.filter_specs if s.field_path == "activity__actors")
        djangos = admin.RelatedOnlyFieldListFilter.field_choices(
            spec, spec.field, request_for(officer), cl.model_admin
        )
        assert spec.lookup_choices == djangos
        return [label for _key, label in spec.lookup_choices]

    before = actors()
    ResponsibilityFactory(activity=statuses[0].activity, actor=ActorFactory(name_en="Newcomer"))
    after = actors()
    assert "Newcomer" not in before and sorted(after) == sorted([*before, "Newcomer"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_model_without_labels_is_read_by_django(statuses, officer, language, monkeypatch):
    from species.models import Species

    monkeypatch.delitem(LABELS, Species)
    with translation.override(language):
        cl = changelist(officer)
        spec = next(s for s in cl.filter_specs if s.field_path == "activity__species")
        djangos = admin.RelatedOnlyFieldListFilter.field_choices(
            spec, spec.field, request_for(officer), cl.model_admin
        )
        assert spec.lookup_choices == djangos


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", [*QUERIES, "by range state"])
def test_filter_lists_are_djangos(statuses, officer, language, query):
    if query == "by range state":
        state = statuses[1].activity.range_states.get()
        query = {"activity__range_states__id__exact": str(state.pk)}
    with translation.override(language):
        cl = changelist(officer, query)
        for spec in cl.filter_specs:
            assert filter_list(cl, spec) == admin_list_filter(cl, spec)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", QUERIES)
def test_the_page_is_djangos(statuses, officer, language, query):
    with translation.override(language):
        ours = page(ActivityStatusAdmin, officer, query)
        assert ours == page(DjangosWorksheet, officer, query)
    assert 'id="changelist-filter"' in ours
    if query != {"activity__actors__isnull": "True"}:  # no row without an actor
        assert '<select name="form-0-status_0"' in ours


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_of_a_refused_list_edit_is_djangos(statuses, officer, language):
    statuses = list(ActivityStatus.objects.order_by("pk"))
    data = list_edit_data(statuses, {statuses[1].pk: "completed", statuses[2].pk: "nope"})
    assert statuses[0].version == 1
    data["form-0-status_1"] = "0"  # the first was changed meanwhile: refused
    with translation.override(language):
        ours = page(ActivityStatusAdmin, officer, data=data)
        assert ours == page(DjangosWorksheet, officer, data=data)
    assert ours.count('class="errorlist') >= 2  # the conflict and the unknown status
    assert ActivityStatus.objects.get(pk=statuses[1].pk).status == "not_started"


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_labels_are_each_models_str_for_the_real_programme(real_programme, language):
    """Every object of the real programme that a filter lists is labelled as its `__str__`
    writes it, in every language (its fallback included)."""
    from programme.worksheet_filters import LABELS

    with translation.override(language):
        for model, label in LABELS.items():
            objects = list(model.objects.order_by("pk"))
            assert objects, model
            rows = model.objects.order_by("pk").values("pk", *label.columns)
            assert label.labels(rows, "pk") == [(obj.pk, str(obj)) for obj in objects], model


@pytest.mark.parametrize(
    "query",
    [
        None,
        {"_facets": "True"},
        {"activity__priority__exact": "high", "q": "a b&c=d/é"},
        {"status__exact": "worksheetFilterValue7f3a"},  # the mark itself in the query
    ],
)
def test_each_choices_query_string_is_the_changelists(statuses, officer, query):
    cl = changelist(officer, query)
    strings = QueryStrings(cl)
    for params, remove in [
        ({"activity__species__id__exact": 7}, ["activity__species__isnull"]),
        ({"status__exact": "in progress/é&x=1"}, []),
        ({"status__exact": "in_progress"}, None),
        ({"activity__priority__exact": "low"}, ["activity__priority"]),
        ({"status__exact": None}, []),  # removes: the changelist's own
        ({"status__exact": ["a", "b"]}, []),  # several values: the changelist's own
        ({"a": 1, "b": 2}, []),
        (None, ["status__exact"]),
    ]:
        for _twice in range(2):  # made, then from what was made
            assert strings.get_query_string(params, remove) == cl.get_query_string(params, remove)
    assert strings.lookup_opts is cl.lookup_opts  # anything else is the changelist's
