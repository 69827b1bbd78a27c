"""The wording rules of the workbook's cells."""

import pytest

from programme.choices import Priority
from programme.workbook.wording import parse_bool, parse_priority, priority_label, split_proposed


@pytest.mark.parametrize(
    ("worded", "value"),
    [
        ("High", Priority.HIGH),
        ("high_medium", Priority.HIGH_MEDIUM),
        ("High/Medium", Priority.HIGH_MEDIUM),
        ("Haute / Moyenne", Priority.HIGH_MEDIUM),
        ("Élevée / moyenne", Priority.HIGH_MEDIUM),
        ("Moyenne / basse", Priority.MEDIUM_LOW),
        ("Высокий", Priority.HIGH),
        ("Per sub-item", Priority.MIXED),
        ("Conditional", Priority.CONDITIONAL),
    ],
)
def test_priority_as_worded(worded, value):
    assert parse_priority(worded) == value


@pytest.mark.parametrize("worded", ["Urgent", "Low / high", "", None])
def test_unknown_priority_is_an_error(worded):
    with pytest.raises(ValueError, match="unknown priority"):
        parse_priority(worded)


def test_a_sub_item_may_have_no_priority():
    assert parse_priority("", blank_allowed=True) == ""


@pytest.mark.parametrize("value", Priority.values)
def test_the_exported_label_reads_back(value):
    assert parse_priority(priority_label(value)) == value


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("TRAFFIC (à confirmer)", ("TRAFFIC", True)),
        ("UNEP-WCMC (to be confirmed)", ("UNEP-WCMC", True)),
        ("CITES", ("CITES", False)),
        ("cites  (TBC) ", ("cites", True)),
    ],
)
def test_a_proposed_actor_is_marked_by_its_wording(cell, expected):
    assert split_proposed(cell) == expected


def test_yes_and_no():
    assert parse_bool("yes") and parse_bool("oui") and not parse_bool("")
    with pytest.raises(ValueError):
        parse_bool("perhaps")
