"""The workbook's rows checked and turned into the fixtures' records (natural keys), each
with where it comes from: every problem found is collected, so that one import names them
all."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..choices import ActorKind, IssueKind, Priority
from .layout import (
    ACTIVITIES,
    ACTORS,
    ISSUES,
    LINKS,
    OBJECTIVES,
    PROGRAMME,
    RANGE_STATES,
    RESPONSIBILITIES,
    SPECIES,
    SUBITEMS,
)
from .reader import Problem
from .wording import parse_bool, parse_priority, split_list, split_proposed


@dataclass
class Located:
    """A fixture record and the row it comes from."""

    record: dict
    sheet: str
    row: int


def _required_translations(row, column):
    values = row.translations(column.field)
    if column.required and not any(v.strip() for v in values.values()):
        row.problem(column.headers()[0], _("empty in every language (one at least is needed)"))
    return values


def _translated(row, sheet):
    values = {}
    for column in sheet.columns:
        if column.translated:
            values.update(_required_translations(row, column))
    return values


def _required(row, sheet, *names):
    for name in names:
        if sheet.column(name).required and row.text(name) == "":
            row.problem(name, _("empty"))


def _unique(rows, sheet, key):
    """{key: row} of a sheet's rows, each duplicate reported at its row."""
    seen = {}
    for row in rows:
        value = key(row)
        if value in seen:
            row.problem(
                sheet.key[-1] if len(sheet.key) == 1 else ", ".join(sheet.key),
                _("duplicate: “%(value)s” is already on row %(row)s")
                % {"value": " ".join(map(str, value)), "row": seen[value].number},
            )
        else:
            seen[value] = row
    return seen


class RecordBuilder:
    def __init__(self, sheets, slug=None):
        self.sheets = sheets
        self.slug = slug
        self.records = []  # Located
        self.referenced_activities = {}  # activity code -> [codes]

    extra = ()

    def problems(self):
        return [*self.extra] + [
            p for rows in self.sheets.values() for row in rows for p in row.problems
        ]

    def add(self, row, model, fields):
        self.records.append(Located({"model": model, "fields": fields}, row.sheet, row.number))

    # --- the sheets, in the order their records are saved -----------------------------

    def build(self):
        from ..models import Programme

        rows = self.sheets["programme"]
        if len(rows) != 1:
            where = rows[1].number if len(rows) > 1 else 2
            self.extra = [Problem("programme", where, "", "one row is needed, and only one")]
            return
        self.extra = []
        row = rows[0]
        _required(row, PROGRAMME, "code", "start_year", "end_year")
        self.code = self.slug or row.text("code")
        existing = Programme.objects.filter(code=self.code).first()
        self.programme_key = [self.code]
        adopted_on = row.text("adopted_on") or None
        if adopted_on:
            try:
                datetime.date.fromisoformat(adopted_on)
            except ValueError:
                row.problem(
                    "adopted_on",
                    _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": adopted_on},
                )
        self.add(
            row,
            "programme.programme",
            {
                "code": self.code,
                "resolution": row.text("resolution"),
                "adopted_on": adopted_on,
                "start_year": row.integer("start_year"),
                "end_year": row.integer("end_year"),
                "is_current": bool(existing and existing.is_current),
                **_translated(row, PROGRAMME),
            },
        )
        self._actors()
        self._species()
        self._range_states()
        self._objectives()
        self._issues()
        self._activities()
        self._subitems()
        self._responsibilities()

    def _actors(self):
        from ..models import Actor

        rows = self.sheets["actors"]
        _unique(rows, ACTORS, lambda r: (r.text("slug"),))
        self.actors = {}  # every wording of an actor -> slug
        existing = {}
        for actor in Actor.objects.all():
            existing[actor.slug] = actor
            for name in (actor.slug, actor.name_en, actor.name_fr, actor.name_ru):
                if name:
                    self.actors.setdefault(name.strip().lower(), actor.slug)
        for row in rows:
            _required(row, ACTORS, "slug", "kind")
            if row.text("kind") and row.text("kind") not in ActorKind.values:
                row.problem("kind", _("unknown kind “%(value)s”") % {"value": row.text("kind")})
            names = _translated(row, ACTORS)  # its name and full name, in each language
            # A workbook without the full-name columns (made before them) keeps the full
            # names the portal has.
            known = existing.get(row.text("slug"))
            for key in [k for k in names if k.startswith("full_name_")]:
                if f"full_name {key[-2:].upper()}" not in row.values:
                    names[key] = getattr(known, key, "") or ""
            wordings = [value for key, value in names.items() if key.startswith("name_")]
            for name in (row.text("slug"), *wordings):
                if name.strip():
                    self.actors[name.strip().lower()] = row.text("slug")
            fields = {"slug": row.text("slug"), "kind": row.text("kind"), **names}
            self.add(row, "programme.actor", fields)

    def _species(self):
        from species.choices import SpeciesScope
        from species.models import Species

        rows = self.sheets["species"]
        _unique(rows, SPECIES, lambda r: (r.text("species"),))
        known = set(Species.objects.values_list("slug", flat=True))
        self.species = set()
        for row in rows:
            slug = row.text("species")
            _required(row, SPECIES, "species", "scope")
            if row.text("scope") and row.text("scope") not in SpeciesScope.values:
                row.problem("scope", _("unknown scope “%(value)s”") % {"value": row.text("scope")})
            self.species.add(slug)
            if slug and slug not in known:
                names = _required_translations(row, SPECIES.column("common_name"))
                # A species new to the portal: named by this programme; its place in the
                # initiative is this programme's (below), not the portal-wide flag.
                fields = {
                    "slug": slug,
                    "scientific_name": row.text("scientific_name"),
                    "scope": SpeciesScope.NAMED,
                    **names,
                }
                self.add(row, "species.species", fields)
            position = row.integer("position", required=False) or 0
            self.add(
                row,
                "programme.programmespecies",
                {
                    "programme": self.programme_key,
                    "species": [slug],
                    "scope": row.text("scope"),
                    "position": position,
                },
            )

    def _range_states(self):
        from rangestates.models import RangeState

        rows = self.sheets["range states"]
        _unique(rows, RANGE_STATES, lambda r: (r.text("range_state"),))
        known = set(RangeState.objects.values_list("iso_code", flat=True))
        self.range_states = set()
        for row in rows:
            code = row.text("range_state")
            if code not in known:
                row.problem(
                    "range_state",
                    _("unknown range state “%(value)s” (an ISO code)") % {"value": code},
                )
            self.range_states.add(code)
            self.add(
                row,
                "programme.programmerangestate",
                {"programme": self.programme_key, "range_state": [code]},
            )

    def _objectives(self):
        rows = self.sheets["objectives"]
        self.objectives = set()
        for row in rows:
            number = row.integer("number")
            self.objectives.add(number)
            fields = {"programme": self.programme_key, "number": number}
            self.add(row, "programme.objective", {**fields, **_translated(row, OBJECTIVES)})
        _unique(rows, OBJECTIVES, lambda r: (r.text("number"),))

    def _issues(self):
        rows = self.sheets["issues"]
        _unique(rows, ISSUES, lambda r: (r.text("code"),))
        self.issues = {r.text("code") for r in rows}
        for row in rows:
            _required(row, ISSUES, "code", "objective", "kind")
            objective = row.integer("objective")
            if objective is not None and objective not in self.objectives:
                row.problem(
                    "objective",
                    _("objective %(value)s is not in the sheet “objectives”")
                    % {"value": objective},
                )
            if row.text("kind") and row.text("kind") not in IssueKind.values:
                row.problem("kind", _("unknown kind “%(value)s”") % {"value": row.text("kind")})
            fields = {
                "programme": self.programme_key,
                "objective": [self.code, objective],
                "code": row.text("code"),
                "kind": row.text("kind"),
                **_translated(row, ISSUES),
            }
            self.add(row, "programme.issue", fields)

    def _links(self):
        """{activity code: {m2m field: [natural keys]}} from the sheet “links”."""
        from rangestates.models import Landscape

        landscapes = set(Landscape.objects.values_list("slug", flat=True))
        links = {}
        for row in self.sheets["links"]:
            code = row.text("activity")
            if code not in self.activities:
                row.problem(
                    "activity",
                    _("activity %(value)s is not in the sheet “activities”") % {"value": code},
                )
            given = [n for n in ("species", "range_state", "landscape") if row.text(n)]
            if len(given) != 1:
                row.problem("activity", _("a link names one species, range state or landscape"))
                continue
            name = given[0]
            value = row.text(name)
            if name == "species" and value not in self.species:
                row.problem(
                    name,
                    _("species “%(value)s” is not in the programme (sheet “species”)")
                    % {"value": value},
                )
            elif name == "range_state" and value not in self.range_states:
                row.problem(
                    name,
                    _("range state “%(value)s” is not in the programme (sheet “range states”)")
                    % {"value": value},
                )
            elif name == "landscape" and value not in landscapes:
                row.problem(name, _("unknown landscape “%(value)s”") % {"value": value})
            field = {"species": "species", "range_state": "range_states"}.get(name, "landscapes")
            links.setdefault(code, {}).setdefault(field, []).append([value])
        _unique(self.sheets["links"], LINKS, lambda r: tuple(r.text(n) for n in LINKS.key))
        return links

    def _activities(self):
        from ..models import Activity

        rows = self.sheets["activities"]
        _unique(rows, ACTIVITIES, lambda r: (r.text("code"),))
        self.activities = {r.text("code"): r for r in rows}
        links = self._links()
        earlier = set(
            Activity.objects.exclude(programme__code=self.code).values_list(
                "programme__code", "code"
            )
        )
        for row in rows:
            code = row.text("code")
            _required(row, ACTIVITIES, "code", "issue", "priority")
            if row.text("issue") and row.text("issue") not in self.issues:
                row.problem(
                    "issue",
                    _("issue %(value)s is not in the sheet “issues”")
                    % {"value": row.text("issue")},
                )
            try:
                priority = parse_priority(row.values.get("priority"))
            except ValueError as exc:
                row.problem("priority", str(exc))
                priority = ""
            referenced = split_list(row.values.get("referenced_activities"))
            for other in referenced:
                if other not in self.activities:
                    row.problem(
                        "referenced_activities",
                        _("activity %(value)s is not in the sheet") % {"value": other},
                    )
            self.referenced_activities[code] = referenced
            issues = split_list(row.values.get("referenced_issues"))
            for other in issues:
                if other not in self.issues:
                    row.problem(
                        "referenced_issues",
                        _("issue %(value)s is not in the sheet “issues”") % {"value": other},
                    )
            continues = []
            for item in split_list(row.values.get("continues")):
                parts = item.replace(":", " ").split()
                if len(parts) != 2 or tuple(parts) not in earlier:
                    row.problem(
                        "continues",
                        _(
                            "“%(value)s” is not an activity of another programme "
                            "(its programme's code and its number, e.g. “cami-2014-2020 1.1.1”)"
                        )
                        % {"value": item},
                    )
                continues.append(parts)
            fields = {
                "programme": self.programme_key,
                "issue": [self.code, row.text("issue")],
                "code": code,
                "priority": priority,
                "referenced_issues": [[self.code, i] for i in issues],
                "continues": continues,
                "species": [],
                "range_states": [],
                "landscapes": [],
                **links.get(code, {}),
                **_translated(row, ACTIVITIES),
            }
            self.add(row, "programme.activity", fields)

    def _subitems(self):
        rows = self.sheets["sub-items"]
        _unique(rows, SUBITEMS, lambda r: (r.text("activity"), r.text("letter")))
        self.item_priorities = set()
        for row in rows:
            code = row.text("activity")
            _required(row, SUBITEMS, "activity", "letter")
            if code not in self.activities:
                row.problem(
                    "activity",
                    _("activity %(value)s is not in the sheet “activities”") % {"value": code},
                )
            try:
                priority = parse_priority(row.values.get("priority"), blank_allowed=True)
            except ValueError as exc:
                row.problem("priority", str(exc))
                priority = ""
            if priority:
                self.item_priorities.add(code)
            fields = {
                "activity": [self.code, code],
                "letter": row.text("letter"),
                "position": row.integer("position"),
                "priority": priority,
                **_translated(row, SUBITEMS),
            }
            self.add(row, "programme.subactivity", fields)
        for code, row in self.activities.items():
            wording = row.values.get("priority")
            try:
                mixed = parse_priority(wording) == Priority.MIXED
            except ValueError:
                continue
            if mixed and code not in self.item_priorities:
                row.problem("priority", _("a per-item priority, but no sub-item has a priority"))

    def _responsibilities(self):
        rows = self.sheets["responsibilities"]
        responsible = set()
        for row in rows:
            code = row.text("activity")
            _required(row, RESPONSIBILITIES, "activity", "actor")
            if code not in self.activities:
                row.problem(
                    "activity",
                    _("activity %(value)s is not in the sheet “activities”") % {"value": code},
                )
            named, marked = split_proposed(row.values.get("actor"))
            slug = self.actors.get(named.lower())
            if named and slug is None:
                row.problem(
                    "actor",
                    _("unknown actor “%(value)s” (not in the sheet “actors”)") % {"value": named},
                )
            try:
                proposed = parse_bool(row.values.get("proposed")) or marked
            except ValueError as exc:
                row.problem("proposed", str(exc))
                proposed = marked
            row.values["actor"] = slug or named
            responsible.add(code)
            fields = {
                "activity": [self.code, code],
                "actor": [slug or named],
                "position": row.integer("position"),
                "proposed": proposed,
                **_translated(row, RESPONSIBILITIES),
            }
            self.add(row, "programme.responsibility", fields)
        _unique(rows, RESPONSIBILITIES, lambda r: (r.text("activity"), r.values.get("actor")))
        for code, row in self.activities.items():
            if code not in responsible:
                row.problem("code", _("no responsible actor (sheet “responsibilities”)"))
