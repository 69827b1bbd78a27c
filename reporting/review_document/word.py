"""The review as an editable Word document (python-docx), written into the secretariat's
template: the headings use Word's heading styles and the tables are Word tables, so the
document can be restyled, renumbered and edited in Word without code.

The template is `data/review-template.docx` (docs/review.md says how to restyle it; the
setting REVIEW_DOCX_TEMPLATE points to another one). Its body is replaced; its styles, page
set-up, headers and footers are kept."""

import io
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from .charts import all_charts
from .content import review_title

TEMPLATE = Path(__file__).parent / "data" / "review-template.docx"
TABLE_STYLE = "Table Grid"
FIGURE_WIDTH_MM = 165


def template_path() -> Path:
    return Path(getattr(settings, "REVIEW_DOCX_TEMPLATE", "") or TEMPLATE)


def _png(svg: str) -> io.BytesIO:
    import cairosvg  # loaded on demand: it brings in Cairo

    return io.BytesIO(cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2))


def _empty_body(document):
    """Remove the template's own paragraphs and tables, keeping the section's set-up."""
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _table(document, header, rows, caption=None):
    """A Word table in the template's table style, the header row in bold. Its cells are
    written through the rows' XML, not `table.cell()`, which recounts the whole grid each
    time (quadratic in the number of rows)."""
    from docx.table import _Cell

    if caption:
        document.add_paragraph(caption, style="Caption")
    rows = [header, *rows]
    table = document.add_table(rows=len(rows), cols=len(header))
    table.style = document.styles[TABLE_STYLE]
    for index, (tr, values) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        for tc, value in zip(tr.tc_lst, values, strict=True):
            cell = _Cell(tc, table)
            cell.text = str(value)
            if index == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return table


def _figure(document, svg):
    from docx.shared import Mm

    document.add_picture(_png(svg), width=Mm(FIGURE_WIDTH_MM))


def render_docx(content, *, published_at=None) -> bytes:
    import docx

    with override(content["language"]):
        document = docx.Document(str(template_path()))
        _empty_body(document)
        document.core_properties.title = review_title(content)
        document.core_properties.language = content["language"]
        _write(document, content, all_charts(content), published_at)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _write(document, content, charts, published_at):
    summary = content["summary"]
    document.add_paragraph(content["programme"]["title"], style="Subtitle")
    document.add_heading(review_title(content), level=0)
    document.add_paragraph(
        _("Period covered: %(start)s to %(end)s")
        % {"start": content["cycle"]["period_start"], "end": content["cycle"]["period_end"]}
    )
    if published_at:
        document.add_paragraph(_("Published on %(when)s") % {"when": published_at})

    document.add_heading(_("Summary"), level=1)
    document.add_paragraph(
        _(
            "%(states)s of %(total)s range states and %(species)s species focal points "
            "reported, on %(activities)s of the programme's %(all)s activities (%(reports)s "
            "accepted reports)."
        )
        % {
            "states": summary["range_states_reported"],
            "total": summary["range_states"],
            "species": summary["species_reported"],
            "activities": summary["activities_reported"],
            "all": summary["activities"],
            "reports": summary["reports"],
        }
    )
    _table(
        document,
        [_("Objective"), _("Activities"), _("Accepted reports")],
        [(f"{o['number']}. {o['title']}", o["activities"], o["reports"])
         for o in content["objectives"]],
        caption=_("Activities reported on, by objective"),
    )  # fmt: skip
    _table(
        document,
        [_("Priority"), _("Activities"), _("Reported on")],
        [(row["label"], row["activities"], row["reported"]) for row in summary["by_priority"]],
        caption=_("Activities reported on, by priority"),
    )
    _figure(document, charts["map"])
    document.add_paragraph(
        _(
            "Range states coloured by their reporting rate: the share of the programme's "
            "activities with an accepted report."
        ),
        style="Caption",
    )
    _figure(document, charts["statuses"])
    _table(
        document,
        [_("Objective")] + [status["label"] for status in content["statuses"]],
        [[o["number"]] + [cell["count"] for cell in o["secretariat"]]
         for o in content["objectives"]],
        caption=_("The secretariat's overall status of the activities, by objective"),
    )  # fmt: skip
    _changes(document, content, charts)
    for objective in content["objectives"]:
        _objective(document, objective)
    _annexes(document, content, charts)


def _changes(document, content, charts):
    document.add_heading(_("What changed since the previous cycle"), level=2)
    if content["previous_cycle"]:
        document.add_paragraph(
            _(
                "Compared with %(previous)s: %(moved)s statuses changed and %(new)s reports "
                "are on activities a range state had not reported on then."
            )
            % {
                "previous": content["previous_cycle"],
                "moved": len(content["changes"]["moved"]),
                "new": content["changes"]["new"],
            }
        )
    else:
        document.add_paragraph(
            _("This is the first cycle of the programme: there is nothing to compare with.")
        )
    _figure(document, charts["changes"])
    if content["changes"]["moved"]:
        _table(
            document,
            [_("Activity"), _("Range state"), _("Before"), _("Now")],
            [(r["activity"], r["country"], r["before"], r["after"])
             for r in content["changes"]["moved"]],
            caption=_("Statuses that changed"),
        )  # fmt: skip


def _objective(document, objective):
    document.add_page_break()
    document.add_heading(
        _("Objective %(number)s") % {"number": objective["number"]} + f": {objective['title']}",
        level=1,
    )
    for issue in objective["issues"]:
        document.add_heading(f"{issue['code']} {issue['title']}", level=2)
        for activity in issue["activities"]:
            document.add_heading(f"{activity['code']} {activity['title']}", level=3)
            document.add_paragraph(
                f"{_('Priority')}: {activity['priority']} · "
                f"{_('Responsible')}: {activity['actors'] or '—'} · "
                f"{_('Overall status')}: {activity['secretariat_status']}"
            )
            if activity["statuses"]:
                _table(
                    document,
                    [_("Range state"), _("Status")],
                    [(row["country"], row["status"]) for row in activity["statuses"]],
                )
            for item in activity["excerpts"]:
                source = _("%(subject)s — report no. %(number)s") % {
                    "subject": item["subject"],
                    "number": item["report_pk"],
                }
                if item["accepted"]:
                    source += ", " + _("accepted %(date)s") % {"date": item["accepted"]}
                paragraph = document.add_paragraph(style="Quote")
                paragraph.add_run(f"{source} ({item['status']})").bold = True
                for field, label in (
                    ("progress", _("Progress")),
                    ("results", _("Results")),
                    ("obstacles", _("Obstacles")),
                ):
                    if item[field]:
                        paragraph = document.add_paragraph(style="Quote")
                        paragraph.add_run(f"{label}: ").bold = True
                        paragraph.add_run(item[field])
            if not activity["excerpts"]:
                document.add_paragraph(_("No accepted report on this activity in this cycle."))


def _annexes(document, content, charts):
    annex = content["annex"]
    document.add_page_break()
    document.add_heading(_("Annex 1: statuses per range state and activity"), level=1)
    _table(
        document,
        [_("Activity")] + [country["iso"] for country in annex["countries"]],
        [[row["code"]] + row["cells"] for row in annex["matrix"]],
    )
    document.add_heading(_("Annex 2: the accepted reports"), level=1)
    _table(
        document,
        [_("Activity"), _("For"), _("Status"), _("Submitted"), _("Accepted")],
        [(r["activity"], r["subject"], r["status"], r["submitted"], r["accepted"])
         for r in annex["reports"]],
    )  # fmt: skip
    document.add_heading(_("Annex 3: reporting rate per range state"), level=1)
    _figure(document, charts["rates"])
    _table(
        document,
        [_("Range state"), _("Activities reported on"), _("Reporting rate")],
        [(r["name"], f"{r['reported']} / {r['expected']}", f"{r['rate']}%")
         for r in annex["rates"]],
    )  # fmt: skip
