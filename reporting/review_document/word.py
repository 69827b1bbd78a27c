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


def _style_id(document, name):
    """The id of the template's style `name`, looked up once per document: python-docx looks
    a style up by its name through the whole styles part each time one is set by name."""
    ids = document.__dict__.setdefault("_review_style_ids", {})
    if name not in ids:
        ids[name] = document.styles[name].style_id
    return ids[name]


def _paragraph(document, text="", style=None):
    paragraph = document.add_paragraph(text)
    if style:
        paragraph._p.style = _style_id(document, style)
    return paragraph


def _heading(document, text, level):
    return _paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def _table(document, header, rows, caption=None):
    """A Word table in the template's table style, the header row in bold. Its cells are
    written through the rows' XML, not `table.cell()`, which recounts the whole grid each
    time (quadratic in the number of rows)."""
    from docx.table import _Cell

    if caption:
        _paragraph(document, caption, "Caption")
    rows = [header, *rows]
    table = document.add_table(rows=len(rows), cols=len(header))
    table._tbl.tblPr.style = _style_id(document, TABLE_STYLE)
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
    _paragraph(document, content["programme"]["title"], "Subtitle")
    _heading(document, review_title(content), 0)
    document.add_paragraph(
        _("Period covered: %(start)s to %(end)s")
        % {"start": content["cycle"]["period_start"], "end": content["cycle"]["period_end"]}
    )
    if published_at:
        document.add_paragraph(_("Published on %(when)s") % {"when": published_at})

    _heading(document, _("Summary"), 1)
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
    _paragraph(
        document,
        _(
            "Range states coloured by their reporting rate: the share of the programme's "
            "activities with an accepted report."
        ),
        "Caption",
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
    _heading(document, _("What changed since the previous cycle"), 2)
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
    _heading(
        document,
        _("Objective %(number)s") % {"number": objective["number"]} + f": {objective['title']}",
        1,
    )
    for issue in objective["issues"]:
        _heading(document, f"{issue['code']} {issue['title']}", 2)
        for activity in issue["activities"]:
            _heading(document, f"{activity['code']} {activity['title']}", 3)
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
                paragraph = _paragraph(document, style="Quote")
                paragraph.add_run(f"{source} ({item['status']})").bold = True
                for field, label in (
                    ("progress", _("Progress")),
                    ("results", _("Results")),
                    ("obstacles", _("Obstacles")),
                ):
                    if item[field]:
                        paragraph = _paragraph(document, style="Quote")
                        paragraph.add_run(f"{label}: ").bold = True
                        paragraph.add_run(item[field])
            if not activity["excerpts"]:
                document.add_paragraph(_("No accepted report on this activity in this cycle."))


def _annexes(document, content, charts):
    annex = content["annex"]
    document.add_page_break()
    _heading(document, _("Annex 1: statuses per range state and activity"), 1)
    _table(
        document,
        [_("Activity")] + [country["iso"] for country in annex["countries"]],
        [[row["code"]] + row["cells"] for row in annex["matrix"]],
    )
    _heading(document, _("Annex 2: the accepted reports"), 1)
    _table(
        document,
        [_("Activity"), _("For"), _("Status"), _("Submitted"), _("Accepted")],
        [(r["activity"], r["subject"], r["status"], r["submitted"], r["accepted"])
         for r in annex["reports"]],
    )  # fmt: skip
    _heading(document, _("Annex 3: reporting rate per range state"), 1)
    _figure(document, charts["rates"])
    _table(
        document,
        [_("Range state"), _("Activities reported on"), _("Reporting rate")],
        [(r["name"], f"{r['reported']} / {r['expected']}", f"{r['rate']}%")
         for r in annex["rates"]],
    )  # fmt: skip
