"""The rows of "My reporting" (one per activity and range state or species), written in
Python: the page has one per activity of each of the focal point's subjects, and its template
spent most of its time on them (two includes and four translations a row). What is written is
what the template wrote (tests/reporting/test_mine_rows.py renders its former row,
tests/reporting/my_reporting_row_before.html, and compares)."""

from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from core.fallback import fallback_language, marked


class RowWriter:
    """Writes the rows of one page: the words every row shares are translated once."""

    def __init__(self):
        self.activity = escape(gettext("Activity"))
        self.priority = escape(gettext("Priority"))
        self.report = escape(gettext("Report"))
        self.status = escape(gettext("Status reported"))
        self.cross_reference = escape(gettext("Cross-reference"))
        self.no_report = escape(pgettext("report state", "No report yet"))
        self.no_status = escape(gettext("No status yet"))
        self.another = escape(gettext("Prepared by another focal point"))
        self.by = gettext("by %(name)s")
        self.report_on = gettext("Report on %(code)s")
        self.continue_ = gettext("Continue %(code)s")
        self.view = gettext("View %(code)s")

    def state_badge(self, report):
        """reporting/includes/state_badge.html"""
        if report:
            return (
                f'<span class="rep-state rep-state-{escape(report.state)}">'
                f"{escape(report.get_state_display())}</span>\n"
            )
        return f'<span class="rep-state rep-state-missing">{self.no_report}</span>\n'

    def status_badge(self, report):
        """reporting/includes/status.html"""
        if report.status:
            return (
                f'<span class="rep-status rep-status-{escape(report.status)}">'
                '<span class="rep-status-mark" aria-hidden="true"></span>'
                f"{escape(report.get_status_display())}</span>\n"
            )
        return f'<span class="text-body-secondary">{self.no_status}</span>\n'

    def action(self, row, code):
        report = row["report"]
        if not report:
            return (
                f'<a class="btn btn-sm btn-primary" href="{escape(row["url"])}">'
                f"{self.report_on % {'code': code}}</a>\n            "
            )
        if row["mine"] and report.is_editable:
            return (
                f'<a class="btn btn-sm btn-primary" href="{escape(report.get_edit_url())}">'
                f"{self.continue_ % {'code': code}}</a>\n            "
            )
        if row["mine"] or report.is_public:
            return (
                '<a class="btn btn-sm btn-outline-secondary" '
                f'href="{escape(report.get_absolute_url())}">{self.view % {"code": code}}</a>\n'
                "            "
            )
        return f'<small class="text-body-secondary">{self.another}</small>'

    def row(self, row):
        activity = row["activity"]
        report = row["report"]
        code = escape(activity.code)
        cross_reference = activity.is_cross_reference
        title = marked(activity.list_title, fallback_language(activity, "list_title"))
        by = ""
        if report and not row["mine"]:
            author = report.author
            name = escape(author.get_full_name() or author.get_username())
            by = f'<br><small class="text-body-secondary">{self.by % {"name": name}}</small>'
        status = self.status_badge(report) if report else "—"
        return mark_safe(
            "\n        <tr"
            + (' class="rep-xref"' if cross_reference else "")
            + f'>\n          <td data-label="{self.activity}"><span class="code">{code}</span> '
            + conditional_escape(title)
            + (
                f' <span class="rep-xref-mark">{self.cross_reference}</span>'
                if cross_reference
                else ""
            )
            + f'</td>\n          <td data-label="{self.priority}">'
            + escape(activity.get_priority_display())
            + f'</td>\n          <td data-label="{self.report}">'
            + self.state_badge(report)
            + f"\n            {by}</td>\n"
            + f'          <td data-label="{self.status}">{status}</td>\n'
            + '          <td class="text-end">\n            '
            + self.action(row, code)
            + "\n          </td>\n        </tr>\n      "
        )
