"""`make run` gives demo focal points (one national, one species) and an open cycle."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from programme.models import Programme
from reporting.models import FocalPoint, ReportingCycle

pytestmark = pytest.mark.django_db


def test_demo_accounts_include_two_focal_points_and_an_open_cycle(world, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    national = FocalPoint.objects.get(user__username="focal-kg")
    species = FocalPoint.objects.get(user__username="focal-snow-leopard")
    assert list(national.range_states.all()) == [world.kg]
    assert list(species.species.all()) == [world.leopard]
    assert not get_user_model().objects.get(username="focal-kg").is_staff
    cycle = ReportingCycle.objects.get(name_en__startswith="Demo reporting cycle")
    assert cycle.programme == Programme.objects.current()
    assert cycle.accepts_submissions()
    assert "focal-kg / cami-focal-kg-demo" in out.getvalue()
    call_command("create_demo_accounts", stdout=StringIO())  # idempotent
    assert ReportingCycle.objects.filter(name_en__startswith="Demo").count() == 1


def test_demo_accounts_are_refused_when_debug_is_off(world, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_accounts", stdout=StringIO())
    assert not FocalPoint.objects.filter(user__username="focal-kg").exists()


def test_the_printed_api_example_uses_the_portals_address(world, settings):
    """`make run HOST=… PORT=…` passes its address as PORTAL_URL (tests/test_make_run.py)."""
    settings.DEBUG = True
    settings.PORTAL_URL = "http://0.0.0.0:8765"
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    assert "http://0.0.0.0:8765/api/v1/activities/" in out.getvalue()
    assert "127.0.0.1:8000" not in out.getvalue()
