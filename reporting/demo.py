"""Demo data for reporting, used by `create_demo_accounts` (development only)."""

import datetime

from django.utils import timezone

from programme.models import Programme
from rangestates.models import RangeState
from species.models import Species

from .models import FocalPoint, ReportingCycle

DEMO_CYCLE_NAME = "Demo reporting cycle (development only)"


def make_focal_point(user, *, range_states=(), species=(), position="", organisation=""):
    """Link `user` to the given range states (ISO codes) and species (slugs)."""
    focal_point, _created = FocalPoint.objects.update_or_create(
        user=user, defaults={"position": position, "organisation": organisation}
    )
    focal_point.range_states.set(RangeState.objects.filter(iso_code__in=range_states))
    focal_point.species.set(Species.objects.filter(slug__in=species))
    return focal_point


def make_open_cycle(today=None):
    """An open reporting cycle on the current programme (None if no programme is loaded)."""
    programme = Programme.objects.current()
    if programme is None:
        return None
    today = today or timezone.localdate()
    cycle, _created = ReportingCycle.objects.update_or_create(
        programme=programme,
        name_en=DEMO_CYCLE_NAME,
        defaults={
            "name_fr": "Cycle de rapports de démonstration (développement)",
            "name_ru": "Демонстрационный цикл отчётности (только для разработки)",
            "period_start": datetime.date(programme.start_year, 1, 1),
            "period_end": datetime.date(programme.end_year, 12, 31),
            "opens_on": today - datetime.timedelta(days=7),
            "deadline": today + datetime.timedelta(days=30),
        },
    )
    return cycle
