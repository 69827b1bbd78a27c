"""A FilterSet copies its filters for every request; a code filter's copy shares the queryset
of its codes (Django clones a queryset before any change) and nothing else."""

import copy

import pytest

from programme.filtersets import ActivityFilterSet
from rangestates.models import RangeState
from tests.factories import RangeStateFactory

pytestmark = pytest.mark.django_db


def test_a_copy_shares_the_queryset_and_copies_the_rest():
    base = ActivityFilterSet.base_filters["range_state"]
    copied = copy.deepcopy(base)
    assert copied is not base
    assert copied.queryset is base.queryset
    assert copied.extra["queryset"] is base.queryset
    assert copied.extra is not base.extra
    copied.extra["case"] = "lower"
    assert base.extra["case"] == "upper"


def test_filtersets_made_one_after_the_other_each_judge_their_own_codes():
    RangeStateFactory(iso_code="KG")
    RangeStateFactory(iso_code="MN")
    first = ActivityFilterSet({"range_state": ["kg"]}, queryset=None)
    second = ActivityFilterSet({"range_state": ["XX"]}, queryset=None)
    assert first.is_valid(), first.errors
    assert [state.iso_code for state in first.form.cleaned_data["range_state"]] == ["KG"]
    assert not second.is_valid()
    assert "range_state" in second.errors
    # The shared queryset was never evaluated into a cache that a later request would read.
    assert ActivityFilterSet.base_filters["range_state"].queryset._result_cache is None
    RangeStateFactory(iso_code="UZ")
    third = ActivityFilterSet({"range_state": ["uz"]}, queryset=None)
    assert third.is_valid(), third.errors
    assert RangeState.objects.filter(iso_code="UZ").exists()
