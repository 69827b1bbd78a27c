"""The programme workbook's layout: one sheet per table, one column per field and, for a
translated field, one per language (EN, FR, RU). Records are named by natural keys only
(an activity by its number, an actor by its identifier), never by database ids.

The same layout writes the workbook (`export_programme`) and reads it (`import_programme`),
and the README's table of sheets and columns is this module's."""

from dataclasses import dataclass

LANGUAGES = ("en", "fr", "ru")


@dataclass(frozen=True)
class Column:
    field: str  # the model field (or the workbook's own name for a link)
    translated: bool = False
    required: bool = False  # a translated field: at least one language

    def headers(self):
        if not self.translated:
            return [self.field]
        return [f"{self.field} {lang.upper()}" for lang in LANGUAGES]


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple
    key: tuple  # the columns that name a row (unique in the sheet)

    def headers(self):
        return [header for column in self.columns for header in column.headers()]

    def column(self, field):
        return next(c for c in self.columns if c.field == field)


PROGRAMME = Sheet(
    "programme",
    (
        Column("code", required=True),
        Column("title", translated=True, required=True),
        Column("resolution"),
        Column("adopted_at", translated=True),
        Column("adopted_on"),
        Column("start_year", required=True),
        Column("end_year", required=True),
        Column("vision", translated=True),
        Column("goal", translated=True),
    ),
    key=("code",),
)
OBJECTIVES = Sheet(
    "objectives",
    (Column("number", required=True), Column("title", translated=True, required=True)),
    key=("number",),
)
ISSUES = Sheet(
    "issues",
    (
        Column("code", required=True),
        Column("objective", required=True),
        Column("kind", required=True),
        Column("title", translated=True, required=True),
    ),
    key=("code",),
)
ACTIVITIES = Sheet(
    "activities",
    (
        Column("code", required=True),
        Column("issue", required=True),
        Column("heading", translated=True),
        Column("text", translated=True, required=True),
        Column("short_title", translated=True),
        Column("priority", required=True),
        Column("priority_text", translated=True),
        Column("actors_text", translated=True),
        Column("referenced_activities"),
        Column("referenced_issues"),
        Column("continues"),
    ),
    key=("code",),
)
SUBITEMS = Sheet(
    "sub-items",
    (
        Column("activity", required=True),
        Column("letter", required=True),
        Column("position", required=True),
        Column("heading", translated=True),
        Column("text", translated=True, required=True),
        Column("priority"),
    ),
    key=("activity", "letter"),
)
ACTORS = Sheet(
    "actors",
    (
        Column("slug", required=True),
        Column("kind", required=True),
        Column("name", translated=True, required=True),
        Column("full_name", translated=True),
    ),
    key=("slug",),
)
RESPONSIBILITIES = Sheet(
    "responsibilities",
    (
        Column("activity", required=True),
        Column("position", required=True),
        Column("actor", required=True),
        Column("proposed"),
        Column("qualifier", translated=True),
    ),
    key=("activity", "actor"),
)
SPECIES = Sheet(
    "species",
    (
        Column("species", required=True),
        Column("scope", required=True),
        Column("position"),
        Column("scientific_name"),
        Column("common_name", translated=True),
    ),
    key=("species",),
)
RANGE_STATES = Sheet(
    "range states",
    (Column("range_state", required=True), Column("name", translated=True)),
    key=("range_state",),
)
LINKS = Sheet(
    "links",
    (
        Column("activity", required=True),
        Column("species"),
        Column("range_state"),
        Column("landscape"),
    ),
    key=("activity", "species", "range_state", "landscape"),
)

SHEETS = (
    PROGRAMME,
    OBJECTIVES,
    ISSUES,
    ACTIVITIES,
    SUBITEMS,
    ACTORS,
    RESPONSIBILITIES,
    SPECIES,
    RANGE_STATES,
    LINKS,
)

#: A list in one cell (cross-references, the activities continued): items separated by “;”.
LIST_SEPARATOR = ";"
