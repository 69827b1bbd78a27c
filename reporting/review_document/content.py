"""The implementation review of a cycle, built once from its accepted reports and the
statuses, as plain data (dicts, lists, strings and numbers) in the active language.

Every format reads this and nothing else: the HTML page, the PDF, the Word document, the
charts and the map. A published review keeps it as JSON, so that it never changes again.
The reads are a fixed number of queries whatever the size of the cycle."""

from collections import Counter, defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from programme.choices import ImplementationStatus, Priority
from programme.models import Activity, Issue, Objective
from rangestates.models import RangeState

from ..choices import ReportState
from ..models import Report, ReportingCycle

EXCERPT_LENGTH = 600
EXCERPT_FIELDS = ("progress", "results", "obstacles")


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The text cut at a word before `length` characters, marked by an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def previous_cycle(cycle):
    """The cycle of the same programme that ended before this one, or None."""
    return (
        ReportingCycle.objects.filter(programme_id=cycle.programme_id, deadline__lt=cycle.deadline)
        .order_by("-deadline", "-pk")
        .first()
    )


def _accepted(cycle):
    return Report.objects.filter(cycle=cycle, state=ReportState.ACCEPTED)


def _subject_label(report):
    return str(report.range_state) if report.range_state_id else str(report.species)


def _status_labels():
    return {value: str(label) for value, label in ImplementationStatus.choices}


def build_review(cycle: ReportingCycle) -> dict:
    """The review of `cycle` in the active language (see the module's docstring)."""
    cycle = ReportingCycle.objects.select_related("programme").get(pk=cycle.pk)  # 1
    programme = cycle.programme
    before = previous_cycle(cycle)  # 2
    objectives = list(Objective.objects.filter(programme=programme).order_by("number"))  # 3
    issues = list(Issue.objects.filter(programme=programme).order_by("sort_key", "pk"))  # 4
    activities = list(  # 5 (with the statuses) and 6 (the responsible actors)
        Activity.objects.filter(programme=programme)
        .select_related("status")
        .prefetch_related("responsibilities__actor")
        .order_by("sort_key", "pk")
    )
    states = list(RangeState.objects.order_by("name", "iso_code"))  # 7
    reports = list(  # 8
        _accepted(cycle)
        .select_related("range_state", "species", "activity")
        .order_by("activity__sort_key", "range_state__name", "species__slug", "pk")
    )
    earlier = {  # 9: what the range states reported in the previous cycle
        (row["activity_id"], row["range_state_id"]): row["status"]
        for row in (
            _accepted(before).filter(range_state__isnull=False).values(
                "activity_id", "range_state_id", "status"
            )
            if before
            else []
        )
    }
    labels = _status_labels()
    priorities = {value: str(label) for value, label in Priority.choices}

    by_activity = defaultdict(list)
    for report in reports:
        by_activity[report.activity_id].append(report)
    state_columns = [{"iso": state.iso_code, "name": str(state)} for state in states]

    activity_blocks = defaultdict(list)
    matrix = []
    for activity in activities:
        own = by_activity.get(activity.pk, [])
        per_state = {r.range_state_id: r.status for r in own if r.range_state_id}
        secretariat = activity.status.status if hasattr(activity, "status") else ""
        block = {
            "code": activity.code,
            "title": activity.list_title,
            "priority": activity.priority_text or priorities.get(activity.priority, ""),
            "priority_code": activity.priority,
            "actors": _actors(activity),
            "secretariat_status": labels.get(secretariat or ImplementationStatus.NOT_STARTED),
            "statuses": [
                {"iso": s.iso_code, "country": str(s), "status": labels[per_state[s.pk]]}
                for s in states
                if s.pk in per_state
            ],
            "excerpts": [_excerpt(report, labels) for report in own],
        }
        activity_blocks[activity.issue_id].append(block)
        matrix.append(
            {
                "code": activity.code,
                "cells": [labels[per_state[s.pk]] if s.pk in per_state else "" for s in states],
                "codes": [per_state.get(s.pk, "") for s in states],
            }
        )

    reported = [r for r in reports if r.range_state_id]
    rates = _rates(states, reported, len(activities))
    changes = _changes(reported, earlier, labels, states)
    objective_rows = _objectives(objectives, issues, activity_blocks, activities, reports, labels)

    return {
        "language": get_language(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "cycle": {
            "pk": cycle.pk,
            "name": cycle.name,
            "period_start": cycle.period_start.isoformat(),
            "period_end": cycle.period_end.isoformat(),
            "deadline": cycle.deadline.isoformat(),
        },
        "programme": {"title": programme.title, "code": programme.code},
        "previous_cycle": before.name if before else "",
        "statuses": [{"code": value, "label": labels[value]} for value in labels],
        "summary": {
            "reports": len(reports),
            "range_states_reported": len({r.range_state_id for r in reported}),
            "range_states": len(states),
            "species_reported": len({r.species_id for r in reports if r.species_id}),
            "activities_reported": len(by_activity),
            "activities": len(activities),
            "by_priority": _by_priority(activities, by_activity, priorities),
        },
        "objectives": objective_rows,
        "changes": changes,
        "annex": {
            "countries": state_columns,
            "matrix": matrix,
            "reports": [
                {
                    "activity": r.activity.code,
                    "subject": _subject_label(r),
                    "status": labels.get(r.status, ""),
                    "submitted": r.submitted_at.date().isoformat() if r.submitted_at else "",
                    "accepted": r.accepted_at.date().isoformat() if r.accepted_at else "",
                    "pk": r.pk,
                }
                for r in reports
            ],
            "rates": rates,
        },
    }


def _actors(activity):
    names = [str(r.actor) for r in activity.responsibilities.all()]
    return ", ".join(names) or activity.actors_text


def _excerpt(report, labels):
    return {
        "subject": _subject_label(report),
        "iso": report.range_state.iso_code if report.range_state_id else "",
        "report_pk": report.pk,
        "url": reverse("reporting:report", args=[report.pk]),
        "status": labels.get(report.status, ""),
        "accepted": report.accepted_at.date().isoformat() if report.accepted_at else "",
        **{field: excerpt(getattr(report, field)) for field in EXCERPT_FIELDS},
    }


def _rates(states, reported, activity_count):
    """Per range state: on how many of the programme's activities it reported (accepted)."""
    counts = Counter()
    for report in reported:
        counts[report.range_state_id] += 1
    return [
        {
            "iso": state.iso_code,
            "name": str(state),
            "reported": counts[state.pk],
            "expected": activity_count,
            "rate": round(100 * counts[state.pk] / activity_count) if activity_count else 0,
        }
        for state in states
    ]


def _changes(reported, earlier, labels, states):
    """What changed since the previous cycle: the statuses counted then and now, and each
    activity whose status in a range state differs."""
    names = {state.pk: str(state) for state in states}
    now = Counter(report.status for report in reported)
    then = Counter(earlier.values())
    moved = [
        {
            "activity": report.activity.code,
            "country": names.get(report.range_state_id, ""),
            "before": labels.get(earlier[(report.activity_id, report.range_state_id)], ""),
            "after": labels.get(report.status, ""),
        }
        for report in reported
        if (report.activity_id, report.range_state_id) in earlier
        and earlier[(report.activity_id, report.range_state_id)] != report.status
    ]
    return {
        "counts": [
            {"code": value, "label": labels[value], "before": then[value], "now": now[value]}
            for value in labels
        ],
        "moved": moved,
        "new": sum(1 for r in reported if (r.activity_id, r.range_state_id) not in earlier),
    }


def _by_priority(activities, by_activity, priorities):
    rows = []
    for value, label in priorities.items():
        ours = [a for a in activities if a.priority == value]
        if ours:
            rows.append(
                {
                    "label": label,
                    "activities": len(ours),
                    "reported": sum(1 for a in ours if a.pk in by_activity),
                }
            )
    return rows


def _objectives(objectives, issues, blocks, activities, reports, labels):
    objective_of = {issue.pk: issue.objective_id for issue in issues}
    secretariat = defaultdict(Counter)
    for activity in activities:
        status = activity.status.status if hasattr(activity, "status") else ""
        secretariat[objective_of[activity.issue_id]][
            status or ImplementationStatus.NOT_STARTED
        ] += 1
    countries = defaultdict(Counter)
    activity_objective = {a.pk: objective_of[a.issue_id] for a in activities}
    for report in reports:
        countries[activity_objective[report.activity_id]][report.status] += 1
    rows = []
    for objective in objectives:
        own_issues = [
            {"code": issue.code, "title": issue.title, "activities": blocks.get(issue.pk, [])}
            for issue in issues
            if issue.objective_id == objective.pk
        ]
        rows.append(
            {
                "number": objective.number,
                "title": objective.title,
                "issues": own_issues,
                "activities": sum(len(issue["activities"]) for issue in own_issues),
                "reports": sum(countries[objective.pk].values()),
                "secretariat": [
                    {"code": v, "label": labels[v], "count": secretariat[objective.pk][v]}
                    for v in labels
                ],
                "countries": [
                    {"code": v, "label": labels[v], "count": countries[objective.pk][v]}
                    for v in labels
                ],
            }
        )
    return rows


def review_title(content) -> str:
    return _("Implementation review: %(cycle)s") % {"cycle": content["cycle"]["name"]}
