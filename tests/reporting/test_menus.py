"""The menus of model choices are read in one query (core.templatetags.form_options's
`ChoicesInOneQuery`), giving the choices the fields' own iterators give, without the
server-side cursor through which Django reads them on PostgreSQL."""

import pytest
from django import forms
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from core.api.filters import RepeatableSelect
from core.templatetags.form_options import ChoicesInOneQuery, render_widget
from reporting.filtersets import ReviewQueueFilterSet
from reporting.models import Report, ReportingCycle

from .factories import ReportingCycleFactory

pytestmark = pytest.mark.django_db


def pairs(choices):
    return [(str(value), str(label)) for value, label in choices]


def test_the_choices_are_the_fields_own(world):
    ReportingCycleFactory(programme=world.cycle.programme, name_en="Earlier <cycle> & co")
    form = ReviewQueueFilterSet(QueryDict(""), queryset=Report.objects.all()).form
    fields = [field for field in form.fields.values() if isinstance(field, forms.ModelChoiceField)]
    cycles = ReportingCycle.objects.order_by("-deadline", "-pk")
    fields += [
        forms.ModelChoiceField(cycles),
        forms.ModelChoiceField(cycles, empty_label=None),
        FilterModelChoiceField(queryset=cycles, null_label="None at all"),
    ]
    for field in fields:
        own = pairs(field.choices)
        assert len(own) > 1
        assert pairs(ChoicesInOneQuery(field)) == own


def test_a_menu_is_written_as_django_writes_it(world):
    field = FilterModelChoiceField(
        queryset=ReportingCycle.objects.order_by("-deadline", "-pk"), null_label="<none> & all"
    )
    chosen = str(world.cycle.pk)
    django_s = field.widget.render("cycle", chosen, attrs={"id": "id_cycle"})
    fast = FilterModelChoiceField(queryset=field.queryset, null_label="<none> & all")
    assert render_widget(fast.widget, "cycle", chosen, attrs={"id": "id_cycle"}) == django_s
    assert isinstance(fast.widget.choices, ChoicesInOneQuery)


def test_the_review_queue_opens_no_server_side_cursor(client, world, secretariat_user):
    client.force_login(secretariat_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reporting:review"))
    assert response.status_code == 200
    assert f'<option value="{world.cycle.pk}">' in response.text
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("DECLARE")]


MENU_CHOICES = [
    ("", "---------"),
    (None, "None <at> all"),
    ("a", "A & <b>"),
    ("b", "B"),
    ("a", "A again"),
    (3, 1234.5),
    ("ü", "Ünïcode “quoted”"),
]


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize(
    "make, value",
    [
        (lambda: forms.Select(choices=MENU_CHOICES), "a"),
        (lambda: forms.Select(choices=MENU_CHOICES), None),
        (lambda: forms.Select(choices=MENU_CHOICES), ""),
        (lambda: forms.Select(choices=MENU_CHOICES, attrs={"class": "x", "data-a": '"q"'}), 3),
        (lambda: forms.Select(choices=MENU_CHOICES), ["b", "ü"]),
        (lambda: forms.SelectMultiple(choices=MENU_CHOICES), ["a", "3"]),
        (lambda: forms.SelectMultiple(choices=MENU_CHOICES), None),
        (lambda: RepeatableSelect(choices=MENU_CHOICES), ["b"]),
        (lambda: forms.NullBooleanSelect(), "true"),
        (lambda: forms.Select(choices=[("g", [("a", "A"), ("b", "B")]), ("c", "C")]), "b"),
    ],
)
def test_a_menu_s_options_are_written_as_django_writes_them(make, value, language):
    """`render_widget` writes a select's options itself (no option's dictionary or template
    each): what Django's templates write, for every kind of value and choice."""
    from django.utils import translation

    with translation.override(language):
        django_s = make().render("menu", value, attrs={"id": "id_menu", "required": True})
        assert render_widget(make(), "menu", value, attrs={"id": "id_menu", "required": True}) == (
            django_s
        )
