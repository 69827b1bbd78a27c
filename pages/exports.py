"""The public CSV downloads, each defined once: the (filtered) programme, one activity a row,
and the implementation matrix. Every cell goes through core/exports.py (no formulas)."""

from django.utils.translation import gettext as _

from core.exports import SafeCsvWriter, csv_response
from programme.services import status_of


def responsibility_label(responsibility):
    label = str(responsibility.actor)
    if responsibility.qualifier:
        label += f" ({responsibility.qualifier})"
    if responsibility.proposed:
        label += " " + _("(to be confirmed)")
    return label


def programme_csv(programme, activities):
    """The activities as CSV, in the current language."""
    response = csv_response(f"{programme.code}-activities.csv")
    writer = SafeCsvWriter(response)
    writer.writerow(
        [
            _("Number"), _("Objective"), _("Issue"), _("Sub-heading"), _("Activity"),
            _("Sub-items"), _("Priority"), _("Priority as worded"), _("Status"), _("Status as of"),
            _("Responsible actors"), _("Species"), _("Range states"), _("Landscapes"),
        ]
    )  # fmt: skip
    for activity in activities:
        status = status_of(activity)
        writer.writerow(
            [
                activity.code,
                activity.issue.objective.number,
                f"{activity.issue.code} {activity.issue.title}",
                activity.heading,
                activity.text,
                "; ".join(f"{sub.letter}) {sub.text}" for sub in activity.subactivities.all()),
                activity.get_priority_display(),
                activity.priority_text,
                status.get_status_display(),
                status.status_date.isoformat() if status.status_date else "",
                "; ".join(responsibility_label(r) for r in activity.responsibilities.all()),
                "; ".join(str(s) for s in activity.species.all()),
                "; ".join(str(s) for s in activity.range_states.all()),
                "; ".join(str(s) for s in activity.landscapes.all()),
            ]
        )
    return response


def matrix_csv(programme, states, rows):
    """The matrix as CSV: the secretariat's status of each activity, then its status
    accepted in each range state."""
    response = csv_response(f"{programme.code}-matrix.csv")
    writer = SafeCsvWriter(response)
    writer.writerow(
        [_("Number"), _("Activity"), _("Status (secretariat)")] + [s.name for s in states]
    )
    for row in rows:
        writer.writerow(
            [row.activity.code, row.activity.text, row.overall.label]
            + [cell.label if cell else "" for cell in row.cells]
        )
    return response
