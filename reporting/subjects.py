"""What a report speaks for: one range state (for its national focal point) or one species
(for its species focal point), never both and never neither.

The rule is stated here once; the database constraint, the services, the scope of
activities, the API and the pages all use it."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rangestates.models import RangeState
from species.models import Species

from .choices import SubjectKind

#: The condition the database holds every report to.
ONE_SUBJECT = Q(range_state__isnull=False, species__isnull=True) | Q(
    range_state__isnull=True, species__isnull=False
)
REFUSAL = _("Give either a range state or a species.")
#: How URLs name each kind of subject.
SEGMENTS = {"range-states": SubjectKind.RANGE_STATE, "species": SubjectKind.SPECIES}


@dataclass(frozen=True)
class Subject:
    range_state: RangeState | None = None
    species: Species | None = None

    def __post_init__(self):
        if not self.is_one(self.range_state, self.species):
            raise ValueError(str(REFUSAL))

    @staticmethod
    def is_one(range_state, species) -> bool:
        """Whether exactly one of the two is given."""
        return (range_state is None) != (species is None)

    @classmethod
    def of(cls, instance) -> "Subject":
        """The subject a range state or a species is."""
        if isinstance(instance, RangeState):
            return cls(range_state=instance)
        return cls(species=instance)

    @property
    def instance(self):
        return self.range_state if self.range_state is not None else self.species

    @property
    def kind(self) -> str:
        return SubjectKind.RANGE_STATE if self.range_state is not None else SubjectKind.SPECIES

    @property
    def kwargs(self) -> dict:
        """The subject as keyword arguments: `Report.objects.filter(**subject.kwargs)`."""
        if self.range_state is not None:
            return {"range_state": self.range_state}
        return {"species": self.species}

    @property
    def segment(self) -> str:
        """The URL segment of its kind (`range-states`, `species`)."""
        return next(segment for segment, kind in SEGMENTS.items() if kind == self.kind)

    @property
    def key(self) -> str:
        """Its natural key in URLs: ISO code or slug."""
        return self.range_state.iso_code if self.range_state is not None else self.species.slug
