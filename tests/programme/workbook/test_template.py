"""The downloadable template is the workbook format's, sheet by sheet and column by column."""

from django.conf import settings
from openpyxl import load_workbook

from programme.workbook.layout import SHEETS

TEMPLATE = settings.BASE_DIR / "static" / "programme" / "programme-workbook-template.xlsx"


def test_the_template_has_every_sheet_and_column_and_no_data():
    workbook = load_workbook(TEMPLATE, read_only=True)
    assert workbook.sheetnames == [sheet.name for sheet in SHEETS]
    for sheet in SHEETS:
        rows = list(workbook[sheet.name].iter_rows(values_only=True))
        assert list(rows[0]) == sheet.headers(), sheet.name
        assert len(rows) == 1, sheet.name
