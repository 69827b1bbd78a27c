"""The Programme of Work as adopted (reference data loaded from fixtures) and what people
record about it (statuses), kept in separate tables so that reloading the programme never
touches the second kind."""

from .activities import Activity, Responsibility, SubActivity
from .actors import Actor
from .scope import ProgrammeRangeState, ProgrammeSpecies
from .statuses import ActivityStatus
from .structure import Issue, Objective, Programme, activity_code_validator, issue_code_validator

__all__ = [
    "Activity",
    "ActivityStatus",
    "Actor",
    "Issue",
    "Objective",
    "Programme",
    "ProgrammeRangeState",
    "ProgrammeSpecies",
    "Responsibility",
    "SubActivity",
    "activity_code_validator",
    "issue_code_validator",
]
