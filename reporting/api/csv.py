"""The CSV export of the reports (`/api/v1/reports/?format=csv`), which the secretariat takes
of every report: the same cells as the serializer gives (`core.api.csv`), made several
times faster.

Through the serializer, each report costs about a millisecond and a half: a dozen objects
built from the joined row, every field looked up and checked for being callable, four
addresses reversed, labels translated, and a serializer built afresh for its transitions.
Here:

- the reports are read alone (no joins but those of the order); their cycle, activity, range
  state and species (a few hundred objects at most) are serialized once each, when first met,
  and their cells reused;
- links, attachments and transitions are read per chunk (one query each) and written whole,
  as a JSON array in their cell (`ReportSerializerRows`): a link keeps its title, an
  attachment its type, size and address, a step its states and comment;
- the report's own addresses come from a template made once, and checked against the
  serializer's field on the first report;
- every other field goes through its own serializer field (same formats: dates, amounts,
  choices), without the serializer's per-row machinery; a label (`state_label`) is made once
  per value.

A field added to `ReportSerializer` later goes through its serializer field too; a relation
this module does not know makes the export fall back to the serializer altogether."""

import re
from collections import defaultdict

from rest_framework import serializers
from rest_framework.fields import SkipField

from core.api.csv import SerializerRows, cell_text, in_chunks, value_at, whole_cell
from programme.models import Activity
from rangestates.models import RangeState
from reporting.access import can_review
from reporting.models import Report, ReportingCycle, ReportTransition
from species.models import Species

from .serializers import ReportTransitionSerializer

# What a report's nested objects are read with (what their serializers need).
RELATED = {
    "cycle": lambda: ReportingCycle.objects.all(),
    "activity": lambda: Activity.objects.select_related("programme"),
    "range_state": lambda: RangeState.objects.all(),
    "species": lambda: Species.objects.all(),
}
# The report's addresses, made from its primary key alone.
ADDRESSES = ("url", "web_url")
SENTINEL = 9081726354  # a primary key no report has, marking its place in an address
LABEL = re.compile(r"^get_(\w+)_display$")


class UnknownField(Exception):
    """A field the fast rows cannot make: the export goes through the serializer."""


def _field_cell(field, instance):
    """The cell of `field` for `instance`, as `Serializer.to_representation` then
    `cell_text` make it."""
    try:
        attribute = field.get_attribute(instance)
    except SkipField:
        return ""
    if attribute is None:
        return ""
    return cell_text(field.to_representation(attribute))


class ReportSerializerRows(SerializerRows):
    """The reports' rows through their serializer: the lists of a report written whole."""

    whole = ("links", "attachments", "transitions")


class ReportRows(ReportSerializerRows):
    """Cell for cell the rows `ReportSerializerRows` makes of `ReportSerializer` (the tests
    compare the two), for a queryset of reports."""

    def __init__(self, serializer_class, context):
        super().__init__(serializer_class, context)
        request = context.get("request")
        self.user = getattr(request, "user", None)
        self.reviewer = self.user is not None and can_review(self.user)
        serializer = serializer_class(context=context)
        paths = defaultdict(list)  # field name -> paths of its columns below it
        for _header, path in self.columns:
            paths[path[0]].append(path[1:])
        self.related_cells = {}  # relation -> {pk: cells}
        self.related_objects = {}  # relation -> {pk: object}
        self.related_serializers = {}  # relation -> function of an object giving its cells
        self.lists = {}  # list field -> (model, foreign key, ordering, item serializer)
        self.chunk_lists = {}  # list field -> {report pk: cell}, for the chunk being made
        self.addresses = {}  # field name -> (field, prefix, suffix)
        try:
            self.makers = [self.maker(name, serializer.fields[name], paths[name]) for name in paths]
        except UnknownField:
            self.makers = None

    # --- the cells of each field --------------------------------------------------------

    def maker(self, name, field, paths):
        """A function of a report giving the cells of `field`'s columns."""
        if name in RELATED and isinstance(field, serializers.Serializer):
            return self.nested_maker(name, field, paths)
        if name == "transitions" and isinstance(field, serializers.SerializerMethodField):
            return self.transitions_maker()
        if isinstance(field, serializers.ListSerializer) and name in self.whole:
            return self.list_maker(name, field)
        if isinstance(
            field,
            serializers.BaseSerializer | serializers.RelatedField | serializers.ManyRelatedField,
        ):
            raise UnknownField(name)  # a relation not loaded here: one query per report
        if name in ADDRESSES:
            return self.address_maker(name, field)
        source = field.source_attrs[0] if len(field.source_attrs) == 1 else None
        label = LABEL.match(source or "")
        if label and label.group(1) in self.concrete_fields():
            return self.label_maker(field, label.group(1))
        if source in self.concrete_fields():
            return self.plain_maker(field, source)
        return lambda report: [_field_cell(field, report)]

    @staticmethod
    def concrete_fields():
        return {f.name for f in Report._meta.concrete_fields if not f.is_relation}

    @staticmethod
    def plain_maker(field, attname):
        # A column of the report's row is never callable: no need to look.
        to_representation = field.to_representation

        def make(report):
            value = getattr(report, attname)
            return [""] if value is None else [cell_text(to_representation(value))]

        return make

    @staticmethod
    def label_maker(field, attname):
        labels = {}

        def make(report):
            value = getattr(report, attname)
            if value not in labels:
                labels[value] = [_field_cell(field, report)]
            return labels[value]

        return make

    def address_maker(self, name, field):
        prefix, marker, suffix = field.to_representation(Report(pk=SENTINEL)).partition(
            str(SENTINEL)
        )
        if not marker or str(SENTINEL) in suffix:
            return lambda report: [_field_cell(field, report)]
        self.addresses[name] = (field, prefix, suffix)

        def make(report):
            return [f"{prefix}{report.pk}{suffix}"]

        return make

    def nested_maker(self, name, field, paths):
        attname = Report._meta.get_field(name).attname
        cells = self.related_cells[name] = {}
        self.related_objects[name] = {}
        empty = [""] * len(paths)

        def serialize(obj):
            data = field.to_representation(obj)
            return [cell_text(value_at(data, path)) for path in paths]

        self.related_serializers[name] = serialize

        def make(report):
            key = getattr(report, attname)
            return empty if key is None else cells[key]

        return make

    def list_maker(self, name, field):
        relation = Report._meta.get_field(field.source)
        model = relation.related_model
        foreign_key = relation.field.attname
        ordering = [
            order
            for order in model._meta.ordering
            if order not in (relation.field.name, foreign_key)
        ]
        self.lists[name] = (model, foreign_key, ordering, field.child)

        def make(report):
            return [self.chunk_lists[name].get(report.pk, "[]")]

        return make

    def transitions_maker(self):
        # ReportSerializer.get_transitions: the author and the secretariat see them, in the
        # order the viewset prefetches them (time, then id).
        child = ReportTransitionSerializer(context=self.context)
        self.lists["transitions"] = (ReportTransition, "report_id", ["at", "pk"], child)

        def make(report):
            return [self.chunk_lists["transitions"].get(report.pk, "[]")]

        return make

    def sees_transitions(self, report):
        user = self.user
        if user is None:
            return False
        return (user.is_authenticated and report.author_id == user.pk) or self.reviewer

    # --- chunks -------------------------------------------------------------------------

    def chunks(self, queryset, chunk_size):
        if self.makers is None:
            yield from super().chunks(queryset, chunk_size)
            return
        reports = queryset.select_related(None).prefetch_related(None)
        checked = False
        for chunk in in_chunks(reports.iterator(chunk_size=chunk_size), chunk_size):
            self.load_related(chunk)
            self.load_lists(chunk)
            if not checked:
                self.check_addresses(chunk[0])
                checked = True
            yield [[cell for make in self.makers for cell in make(report)] for report in chunk]

    def load_related(self, chunk):
        for name, cells in self.related_cells.items():
            field = Report._meta.get_field(name)
            objects = self.related_objects[name]
            missing = {getattr(report, field.attname) for report in chunk} - cells.keys()
            missing.discard(None)
            if missing:
                for obj in RELATED[name]().filter(pk__in=missing):
                    objects[obj.pk] = obj
                    cells[obj.pk] = self.related_serializers[name](obj)
            # For the fields that read them (the submission deadline reads the cycle).
            for report in chunk:
                field.set_cached_value(report, objects.get(getattr(report, field.attname)))

    def load_lists(self, chunk):
        for name, (model, foreign_key, ordering, child) in self.lists.items():
            if name == "transitions":
                ids = [report.pk for report in chunk if self.sees_transitions(report)]
            else:
                ids = [report.pk for report in chunk]
            items = defaultdict(list)
            if ids:
                rows = model._default_manager.filter(**{f"{foreign_key}__in": ids}).order_by(
                    foreign_key, *ordering
                )
                for item in rows:
                    items[getattr(item, foreign_key)].append(child.to_representation(item))
            self.chunk_lists[name] = {
                report_id: whole_cell(cells) for report_id, cells in items.items()
            }

    def check_addresses(self, report):
        """An address made from its template must be the field's own: if not, the field
        makes every address itself."""
        names = list(dict.fromkeys(path[0] for _header, path in self.columns))
        for name, (field, prefix, suffix) in self.addresses.items():
            if f"{prefix}{report.pk}{suffix}" != _field_cell(field, report):
                self.makers[names.index(name)] = lambda report, field=field: [
                    _field_cell(field, report)
                ]
