"""A programme as a workbook (one sheet per table, one column per language): the format the
secretariat fills in to bring a new programme into the portal, and the one the portal exports.
See README.md, “Programme workbooks”."""

from .exporter import build_workbook, export_programme
from .importer import import_programme
from .reader import Problem, WorkbookError

__all__ = ["Problem", "WorkbookError", "build_workbook", "export_programme", "import_programme"]
