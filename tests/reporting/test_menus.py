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
