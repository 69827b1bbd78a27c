"""Writing a loaded programme as a workbook (`manage.py export_programme`, the template)."""

from openpyxl import Workbook
from openpyxl.styles import Font

from .layout import (
    ACTIVITIES,
    ACTORS,
    ISSUES,
    LANGUAGES,
    LINKS,
    OBJECTIVES,
    PROGRAMME,
    RANGE_STATES,
    RESPONSIBILITIES,
    SHEETS,
    SPECIES,
    SUBITEMS,
)
from .wording import join_list, priority_label


def _cells(sheet, values):
    """One row of `sheet` from a {field: value} dict; a translated field takes its value from
    `<field>_<lang>`."""
    row = []
    for column in sheet.columns:
        if column.translated:
            row.extend(values.get(f"{column.field}_{lang}", "") or "" for lang in LANGUAGES)
        else:
            value = values.get(column.field, "")
            row.append("" if value is None else value)
    return row


def _translations(instance, *fields):
    return {
        f"{field}_{lang}": getattr(instance, f"{field}_{lang}") or ""
        for field in fields
        for lang in LANGUAGES
    }


def _rows(programme):
    """{sheet: [rows]} of a programme (in the order of its pages)."""
    from ..models import Actor, Responsibility, SubActivity

    activities = list(
        programme.activities.select_related("issue").prefetch_related(
            "referenced_activities",
            "referenced_issues",
            "continues__programme",
            "species",
            "range_states",
            "landscapes",
        )
    )
    rows = {sheet.name: [] for sheet in SHEETS}
    rows[PROGRAMME.name].append(
        _cells(
            PROGRAMME,
            {
                "code": programme.code,
                "resolution": programme.resolution,
                "adopted_on": programme.adopted_on.isoformat() if programme.adopted_on else "",
                "start_year": programme.start_year,
                "end_year": programme.end_year,
                **_translations(programme, "title", "adopted_at", "vision", "goal"),
            },
        )
    )
    for objective in programme.objectives.all():
        values = {"number": objective.number, **_translations(objective, "title")}
        rows[OBJECTIVES.name].append(_cells(OBJECTIVES, values))
    for issue in programme.issues.select_related("objective"):
        values = {
            "code": issue.code,
            "objective": issue.objective.number,
            "kind": issue.kind,
            **_translations(issue, "title"),
        }
        rows[ISSUES.name].append(_cells(ISSUES, values))
    for activity in activities:
        values = {
            "code": activity.code,
            "issue": activity.issue.code,
            "priority": priority_label(activity.priority),
            "referenced_activities": join_list(
                a.code for a in activity.referenced_activities.all()
            ),
            "referenced_issues": join_list(i.code for i in activity.referenced_issues.all()),
            "continues": join_list(
                f"{a.programme.code} {a.code}" for a in activity.continues.all()
            ),
            **_translations(
                activity, "heading", "text", "short_title", "priority_text", "actors_text"
            ),
        }
        rows[ACTIVITIES.name].append(_cells(ACTIVITIES, values))
        for species in activity.species.all():
            rows[LINKS.name].append(
                _cells(LINKS, {"activity": activity.code, "species": species.slug})
            )
        for state in activity.range_states.all():
            rows[LINKS.name].append(
                _cells(LINKS, {"activity": activity.code, "range_state": state.iso_code})
            )
        for landscape in activity.landscapes.all():
            rows[LINKS.name].append(
                _cells(LINKS, {"activity": activity.code, "landscape": landscape.slug})
            )
    items = SubActivity.objects.filter(activity__programme=programme).select_related("activity")
    for item in items.order_by("activity__sort_key", "position"):
        values = {
            "activity": item.activity.code,
            "letter": item.letter,
            "position": item.position,
            "priority": priority_label(item.priority),
            **_translations(item, "heading", "text"),
        }
        rows[SUBITEMS.name].append(_cells(SUBITEMS, values))
    responsibilities = Responsibility.objects.filter(activity__programme=programme).select_related(
        "activity", "actor"
    )
    for responsibility in responsibilities.order_by("activity__sort_key", "position"):
        values = {
            "activity": responsibility.activity.code,
            "position": responsibility.position,
            "actor": responsibility.actor.slug,
            "proposed": "yes" if responsibility.proposed else "",
            **_translations(responsibility, "qualifier"),
        }
        rows[RESPONSIBILITIES.name].append(_cells(RESPONSIBILITIES, values))
    for actor in Actor.objects.filter(responsibilities__activity__programme=programme).distinct():
        values = {
            "slug": actor.slug,
            "kind": actor.kind,
            **_translations(actor, "name", "full_name"),
        }
        rows[ACTORS.name].append(_cells(ACTORS, values))
    for scope in programme.species_scope.select_related("species"):
        values = {
            "species": scope.species.slug,
            "scope": scope.scope,
            "position": scope.position,
            "scientific_name": scope.species.scientific_name,
            **_translations(scope.species, "common_name"),
        }
        rows[SPECIES.name].append(_cells(SPECIES, values))
    for scope in programme.range_state_scope.select_related("range_state"):
        values = {
            "range_state": scope.range_state.iso_code,
            **_translations(scope.range_state, "name"),
        }
        rows[RANGE_STATES.name].append(_cells(RANGE_STATES, values))
    return rows


def build_workbook(programme=None):
    """The workbook of `programme`; without one, the empty template (the headers only)."""
    rows = _rows(programme) if programme is not None else {}
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(sheet.headers())
        for cell in worksheet[1]:
            cell.font = bold
        worksheet.freeze_panes = "A2"
        for row in rows.get(sheet.name, ()):
            worksheet.append(row)
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows(min_row=2):
            for cell in row:
                # Every text is stored as a text, never as a formula, whatever it starts with
                # (the rule of core/exports.py, without altering the programme's wording).
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    return workbook


def export_programme(programme, path):
    build_workbook(programme).save(path)
