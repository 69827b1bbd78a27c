"""The reports' tally (reporting/models/tallies.py), filled from the reports, and the triggers
that keep it: on PostgreSQL a PL/pgSQL function, on SQLite three triggers."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
INSERT INTO reporting_reporttally (cycle_id, country, state, "count")
SELECT cycle_id, COALESCE(range_state_id, 0), state, COUNT(*)
FROM reporting_report
GROUP BY cycle_id, COALESCE(range_state_id, 0), state
"""

# One row changed by `delta`: made if missing when a report comes in; a report going out
# only lowers a row that is there (the tally emptied with the reports leaves nothing behind).
POSTGRESQL_ADD = """
CREATE FUNCTION reporting_tally_add(c bigint, k bigint, s varchar, delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF delta < 0 THEN
        UPDATE reporting_reporttally SET "count" = "count" + delta
        WHERE cycle_id = c AND country = k AND state = s;
    ELSE
        INSERT INTO reporting_reporttally (cycle_id, country, state, "count")
        VALUES (c, k, s, delta)
        ON CONFLICT (cycle_id, country, state)
        DO UPDATE SET "count" = reporting_reporttally."count" + EXCLUDED."count";
    END IF;
END
$$
"""

# A change of state takes its two rows in one order (the smaller key first) whichever way it
# goes, so that two transactions changing states never wait on each other crosswise.
POSTGRESQL_TRIGGER = """
CREATE FUNCTION reporting_report_tally() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_k bigint;
    new_k bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM reporting_tally_add(NEW.cycle_id, COALESCE(NEW.range_state_id, 0), NEW.state, 1);
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM reporting_tally_add(OLD.cycle_id, COALESCE(OLD.range_state_id, 0), OLD.state, -1);
        RETURN NULL;
    END IF;
    old_k := COALESCE(OLD.range_state_id, 0);
    new_k := COALESCE(NEW.range_state_id, 0);
    IF OLD.cycle_id = NEW.cycle_id AND old_k = new_k AND OLD.state = NEW.state THEN
        RETURN NULL;
    END IF;
    IF (OLD.cycle_id, old_k, OLD.state::text) < (NEW.cycle_id, new_k, NEW.state::text) THEN
        PERFORM reporting_tally_add(OLD.cycle_id, old_k, OLD.state, -1);
        PERFORM reporting_tally_add(NEW.cycle_id, new_k, NEW.state, 1);
    ELSE
        PERFORM reporting_tally_add(NEW.cycle_id, new_k, NEW.state, 1);
        PERFORM reporting_tally_add(OLD.cycle_id, old_k, OLD.state, -1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER reporting_report_tally
AFTER INSERT OR DELETE OR UPDATE OF cycle_id, range_state_id, state ON reporting_report
FOR EACH ROW EXECUTE FUNCTION reporting_report_tally();

CREATE FUNCTION reporting_report_tally_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM reporting_reporttally;
    RETURN NULL;
END
$$;
CREATE TRIGGER reporting_report_tally_emptied
AFTER TRUNCATE ON reporting_report
FOR EACH STATEMENT EXECUTE FUNCTION reporting_report_tally_emptied();
"""

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS reporting_report_tally_emptied ON reporting_report;
DROP TRIGGER IF EXISTS reporting_report_tally ON reporting_report;
DROP FUNCTION IF EXISTS reporting_report_tally_emptied();
DROP FUNCTION IF EXISTS reporting_report_tally();
DROP FUNCTION IF EXISTS reporting_tally_add(bigint, bigint, varchar, integer);
"""


def _sqlite_add(row):
    return f"""
    INSERT INTO reporting_reporttally (cycle_id, country, state, "count")
    VALUES ({row}.cycle_id, COALESCE({row}.range_state_id, 0), {row}.state, 1)
    ON CONFLICT (cycle_id, country, state) DO UPDATE SET "count" = "count" + 1;"""


def _sqlite_remove(row):
    return f"""
    UPDATE reporting_reporttally SET "count" = "count" - 1
    WHERE cycle_id = {row}.cycle_id AND country = COALESCE({row}.range_state_id, 0)
        AND state = {row}.state;"""


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER reporting_report_tally_insert AFTER INSERT ON reporting_report
    BEGIN {_sqlite_add("NEW")} END""",
    f"""CREATE TRIGGER reporting_report_tally_delete AFTER DELETE ON reporting_report
    BEGIN {_sqlite_remove("OLD")} END""",
    f"""CREATE TRIGGER reporting_report_tally_update
    AFTER UPDATE OF cycle_id, range_state_id, state ON reporting_report
    WHEN OLD.cycle_id IS NOT NEW.cycle_id OR OLD.state IS NOT NEW.state
        OR COALESCE(OLD.range_state_id, 0) IS NOT COALESCE(NEW.range_state_id, 0)
    BEGIN {_sqlite_remove("OLD")} {_sqlite_add("NEW")} END""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS reporting_report_tally_insert",
    "DROP TRIGGER IF EXISTS reporting_report_tally_delete",
    "DROP TRIGGER IF EXISTS reporting_report_tally_update",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [POSTGRESQL_ADD, POSTGRESQL_TRIGGER]
    elif vendor == "sqlite":
        statements = SQLITE_TRIGGERS
    else:
        raise NotImplementedError(f"The reports' tally has no triggers for {vendor}.")
    for statement in [*statements, FILL]:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = POSTGRESQL_DROP if vendor == "postgresql" else SQLITE_DROP
    for statement in [statements] if isinstance(statements, str) else statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_report_read_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("country", models.BigIntegerField()),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("accepted", "Accepted"),
                            ("returned", "Returned for changes"),
                        ],
                        max_length=20,
                    ),
                ),
                ("count", models.IntegerField()),
                (
                    "cycle",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reporting.reportingcycle",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cycle", "country", "state"), name="reporting_reporttally_key"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
