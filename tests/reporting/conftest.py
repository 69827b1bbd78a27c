"""A small programme with two range states and a species, their focal points and an open
reporting cycle:

  activity  linked to                 concerns
  kg        Kyrgyzstan                KG
  tj        Tajikistan                TJ
  landscape a landscape of KG         KG
  general   nothing                   KG, TJ (every range state)
  leopard   snow leopard only         KG, TJ (no geographic link) and the species
  tj_leopard Tajikistan + snow leopard TJ and the species
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programme.choices import Priority
from reporting.choices import ReportState
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    LandscapeFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    SpeciesFactory,
    UserFactory,
)

from .factories import FocalPointFactory, ReportFactory, ReportingCycleFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@dataclass
class World:
    programme: object
    cycle: object
    kg: object
    tj: object
    leopard: object
    activities: dict
    kg_fp: object
    tj_fp: object
    species_fp: object

    def report(self, activity, *, by=None, state=ReportState.DRAFT, **kwargs):
        """A report of the Kyrgyz focal point by default."""
        by = by or self.kg_fp.user
        if "species" not in kwargs and "range_state" not in kwargs:
            kwargs["range_state"] = self.kg
        return ReportFactory(
            cycle=kwargs.pop("cycle", self.cycle),
            activity=self.activities[activity],
            author=by,
            state=state,
            **kwargs,
        )


@pytest.fixture
def world(db):
    programme = ProgrammeFactory()
    objective_1 = ObjectiveFactory(programme=programme, number=1)
    objective_2 = ObjectiveFactory(programme=programme, number=2)
    issue_1 = IssueFactory(objective=objective_1)
    issue_2 = IssueFactory(objective=objective_2)
    kg = RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan", name_fr="Kirghizistan")
    tj = RangeStateFactory(iso_code="TJ", name_en="Tajikistan", name_fr="Tadjikistan")
    leopard = SpeciesFactory(slug="snow-leopard", common_name_en="Snow leopard")
    landscape = LandscapeFactory(slug="tien-shan", name_en="Tien Shan")
    landscape.range_states.set([kg])

    activities = {
        "kg": ActivityFactory(issue=issue_1, text_en="Train rangers in Kyrgyzstan."),
        "tj": ActivityFactory(issue=issue_1, text_en="Survey argali in Tajikistan."),
        "landscape": ActivityFactory(
            issue=issue_2, priority=Priority.MEDIUM, text_en="Connect the Tien Shan."
        ),
        "general": ActivityFactory(
            issue=issue_2, priority=Priority.LOW, text_en="Share data among range states."
        ),
        "leopard": ActivityFactory(issue=issue_2, text_en="Adopt a snow leopard plan."),
        "tj_leopard": ActivityFactory(issue=issue_2, text_en="Count snow leopards in Pamir."),
    }
    activities["kg"].range_states.set([kg])
    activities["tj"].range_states.set([tj])
    activities["landscape"].landscapes.set([landscape])
    activities["leopard"].species.set([leopard])
    activities["tj_leopard"].range_states.set([tj])
    activities["tj_leopard"].species.set([leopard])

    return World(
        programme=programme,
        cycle=ReportingCycleFactory(programme=programme),
        kg=kg,
        tj=tj,
        leopard=leopard,
        activities=activities,
        kg_fp=FocalPointFactory(
            user=UserFactory(username="kyra", first_name="Kyra", last_name="Bekova"),
            range_states=[kg],
        ),
        tj_fp=FocalPointFactory(user=UserFactory(username="timur"), range_states=[tj]),
        species_fp=FocalPointFactory(
            user=UserFactory(username="sara"), species=[leopard], position="Species focal point"
        ),
    )


@pytest.fixture(autouse=True)
def _reporting_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_URL = "https://cami.example.org"


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def png_upload():
    return SimpleUploadedFile("photo.png", PNG, content_type="image/png")


@pytest.fixture
def previous_cycle(world):
    return ReportingCycleFactory(
        programme=world.programme,
        period_start=datetime.date(2014, 11, 1),
        period_end=datetime.date(2016, 12, 31),
        opens_on=datetime.date(2017, 1, 1),
        deadline=datetime.date(2017, 3, 31),
    )


# --- The report form, as the pages post it -----------------------------------------------


def form_url(world, activity, subject=None):
    subject = subject or world.kg
    segment = "species" if subject == world.leopard else "range-states"
    key = subject.slug if subject == world.leopard else subject.iso_code
    return reverse(
        "reporting:report_for",
        args=[world.cycle.pk, segment, key, world.activities[activity].code],
    )


def form_data(**overrides):
    data = {
        "version": "",
        "status": "",
        "progress": "",
        "results": "",
        "obstacles": "",
        "next_steps": "",
        "partners": "",
        "funding_amount": "",
        "funding_currency": "",
        "funding_source": "",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "20",
        "links-0-url": "",
        "links-0-title": "",
        "links-1-url": "",
        "links-1-title": "",
        "action": "save",
    }
    data.update(overrides)
    return data


# --- Roles, for the rules per role ---------------------------------------------------------


@pytest.fixture
def roles(world, secretariat_user, staff_outside_group):
    """Every kind of user, by name."""
    return {
        "focal point of the state": world.kg_fp.user,
        "focal point of another state": world.tj_fp.user,
        "species focal point": world.species_fp.user,
        "secretariat": secretariat_user,
        "staff outside the group": staff_outside_group,
        "anonymous": AnonymousUser(),
    }


ALL_ROLES = [
    "focal point of the state",
    "focal point of another state",
    "species focal point",
    "secretariat",
    "staff outside the group",
    "anonymous",
]


def allowed(action, role, allowed_roles, roles):
    """Run `action(user)`: it must pass for `allowed_roles` and be refused for the others."""
    user = roles[role]
    if role in allowed_roles:
        return action(user)
    with pytest.raises(PermissionDenied):
        action(user)
    return None
