"""A large, realistic data set for the benchmark (bench/run.py): reports of every range state on
every activity of the current programme, over many past reporting cycles.

    python manage.py load_programme
    python manage.py generate_scaled_data --cycles 10      # 14 x 121 x 10 = 16,940 reports
    python manage.py generate_scaled_data --cycles 100     # adds cycles up to 100 (10x)

Past cycles hold accepted reports (a few are returned or still submitted), each with its
submitted and accepted transitions; the status per range state follows the latest accepted
report. The command also makes the accounts the benchmark signs in with (a national focal
point per range state, a secretariat officer, a partner), with API tokens, and one open cycle
without reports for the focal points to report in. It writes with bulk inserts, bypassing the
reporting services (which check each write one by one); running it again adds only the cycles
that are missing. It ends with ANALYZE (VACUUM ANALYZE on PostgreSQL), so that the query
planner knows the new rows. It refuses to run against a database that has reports it did not
make."""

import datetime
import json
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core.roles import SECRETARIAT
from programme.choices import ImplementationStatus
from programme.models import Activity, Programme
from rangestates.models import RangeState
from reporting.choices import ReportState
from reporting.models import (
    FocalPoint,
    RangeStateActivityStatus,
    Report,
    ReportingCycle,
    ReportTransition,
)
from reporting.querysets import activities_in_scope

CYCLE_PREFIX = "Scaled cycle "
OPEN_CYCLE = "Scaled open cycle"
PASSWORD = "bench-password-not-secret"

PROGRESS = (
    "Rangers patrolled the protected area every month and recorded {n} sightings; the "
    "monitoring protocol agreed with the neighbouring range states was applied in full, and "
    "the data were shared through the initiative's platform."
)
RESULTS = "Poaching incidents fell by {n} % compared with the previous period."
OBSTACLES = "Funding arrived late; two posts of rangers stayed vacant for part of the year."
NEXT_STEPS = "Extend the patrols to the winter pastures and train {n} new community rangers."
PARTNERS = "Ministry of Natural Resources; national academy of sciences; WWF; local herders."


def token_key(name: str) -> str:
    """Deterministic 40-character token keys, so that the load script needs no lookup."""
    return (f"bench{name}" + "0" * 40)[:40]


class Command(BaseCommand):
    help = "Generate the benchmark's scaled data set (reports over many cycles)."

    def add_arguments(self, parser):
        parser.add_argument("--cycles", type=int, default=10, help="past cycles wanted in all")
        parser.add_argument("--plan", help="write the accounts and open cycle as JSON here")
        parser.add_argument("--seed", type=int, default=2014)

    def handle(self, *args, **options):
        programme = Programme.objects.current()
        if programme is None:
            raise CommandError("No current programme: run `manage.py load_programme` first.")
        foreign = Report.objects.exclude(cycle__name__startswith="Scaled ")
        if foreign.exists():
            raise CommandError("This database holds real reports; use an empty one.")
        rng = random.Random(options["seed"])
        states = list(RangeState.objects.order_by("iso_code"))
        activities = list(Activity.objects.filter(programme=programme).order_by("sort_key"))
        with transaction.atomic():
            accounts = self.accounts(states)
            existing = ReportingCycle.objects.filter(
                programme=programme, name__startswith=CYCLE_PREFIX
            ).count()
            created = 0
            for number in range(existing + 1, options["cycles"] + 1):
                created += self.cycle(programme, number, states, activities, accounts, rng)
            if created:
                self.refresh_statuses(programme)
            open_cycle = self.open_cycle(programme)
        self.analyze()
        total = Report.objects.filter(cycle__programme=programme).count()
        self.stdout.write(
            f"{created} reports added; {total} reports in "
            f"{ReportingCycle.objects.filter(programme=programme).count()} cycles "
            f"({len(states)} range states x {len(activities)} activities)."
        )
        if options["plan"]:
            plan = self.plan(programme, open_cycle, states, accounts)
            with open(options["plan"], "w") as out:
                json.dump(plan, out, indent=1)

    def analyze(self):
        """Bulk inserts leave the query planner without statistics on the new rows (PostgreSQL
        then plans the public reads as if the tables were nearly empty): ANALYZE, which both
        databases accept. On PostgreSQL, outside a transaction, VACUUM ANALYZE: it also marks
        the pages whose rows every transaction sees, as autovacuum does in production, so
        that counts can read an index without visiting the table."""
        command = "ANALYZE"
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            command = "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(command)

    # --- accounts -------------------------------------------------------------------------

    def accounts(self, states):
        User = get_user_model()
        hashed = None

        def user(username, **extra):
            nonlocal hashed
            account, created = User.objects.get_or_create(username=username, defaults=extra)
            if created:
                if hashed is None:
                    account.set_password(PASSWORD)
                    hashed = account.password
                else:
                    account.password = hashed
                account.save()
            Token.objects.get_or_create(user=account, defaults={"key": token_key(username)})
            return account

        secretariat = user("bench-secretariat", is_staff=True)
        secretariat.groups.add(Group.objects.get(name=SECRETARIAT))
        partner = user("bench-partner")
        focal_points = {}
        for state in states:
            account = user(f"bench-fp-{state.iso_code.lower()}", first_name=state.iso_code)
            focal_point, _ = FocalPoint.objects.get_or_create(
                user=account, defaults={"position": "National focal point"}
            )
            focal_point.range_states.set([state])
            focal_points[state.iso_code] = account
        return {"secretariat": secretariat, "partner": partner, "focal_points": focal_points}

    # --- reports --------------------------------------------------------------------------

    def cycle(self, programme, number, states, activities, accounts, rng):
        year = 1900 + number  # far in the past: these cycles are closed
        cycle = ReportingCycle.objects.create(
            programme=programme,
            name=f"{CYCLE_PREFIX}{number:03d}",
            description=f"Reports on the year {year}.",
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            opens_on=datetime.date(year + 1, 1, 1),
            deadline=datetime.date(year + 1, 3, 31),
        )
        submitted_at = timezone.make_aware(datetime.datetime(year + 1, 3, 1, 12, 0))
        accepted_at = submitted_at + datetime.timedelta(days=14)
        secretariat = accounts["secretariat"]
        statuses = [
            ImplementationStatus.IN_PROGRESS,
            ImplementationStatus.COMPLETED,
            ImplementationStatus.NOT_STARTED,
        ]
        statuses = [s for s in statuses if s in ImplementationStatus.values] or [
            ImplementationStatus.values[0]
        ]
        reports = []
        for state in states:
            author = accounts["focal_points"][state.iso_code]
            for activity in activities:
                roll = rng.random()
                state_value = (
                    ReportState.ACCEPTED
                    if roll < 0.96
                    else ReportState.SUBMITTED
                    if roll < 0.98
                    else ReportState.RETURNED
                )
                n = rng.randint(2, 90)
                reports.append(
                    Report(
                        cycle=cycle,
                        activity=activity,
                        range_state=state,
                        author=author,
                        updated_by=secretariat if state_value != ReportState.SUBMITTED else author,
                        state=state_value,
                        status=rng.choice(statuses),
                        progress=PROGRESS.format(n=n),
                        results=RESULTS.format(n=n // 3),
                        obstacles=OBSTACLES,
                        next_steps=NEXT_STEPS.format(n=n % 12 + 1),
                        partners=PARTNERS,
                        version=2 if state_value == ReportState.ACCEPTED else 1,
                        submitted_at=submitted_at,
                        accepted_at=accepted_at if state_value == ReportState.ACCEPTED else None,
                    )
                )
        Report.objects.bulk_create(reports, batch_size=2000)
        ReportTransition.objects.bulk_create(
            self.transitions(reports, secretariat, submitted_at, accepted_at), batch_size=5000
        )
        # auto_now fields were set to now; make them match the cycle's dates.
        Report.objects.filter(cycle=cycle).update(created_at=submitted_at, updated_at=accepted_at)
        return len(reports)

    def transitions(self, reports, secretariat, submitted_at, accepted_at):
        """Each report's history: submitted, then accepted or returned unless still waiting."""
        transitions = []
        for report in reports:
            transitions.append(
                ReportTransition(
                    report=report,
                    by=report.author,
                    at=submitted_at,
                    from_state=ReportState.DRAFT,
                    to_state=ReportState.SUBMITTED,
                )
            )
            if report.state != ReportState.SUBMITTED:
                transitions.append(
                    ReportTransition(
                        report=report,
                        by=secretariat,
                        at=accepted_at,
                        from_state=ReportState.SUBMITTED,
                        to_state=report.state,
                        comment=""
                        if report.state == ReportState.ACCEPTED
                        else "Please give the figures for the second half of the year.",
                    )
                )
        return transitions

    def refresh_statuses(self, programme):
        """The status per range state and activity from the latest accepted report."""
        latest = {}
        accepted = (
            Report.objects.filter(
                cycle__programme=programme, state=ReportState.ACCEPTED, range_state__isnull=False
            )
            .order_by("cycle__period_end", "pk")
            .values_list("pk", "activity_id", "range_state_id", "status", "cycle__period_end")
        )
        for pk, activity_id, state_id, status, period_end in accepted.iterator(chunk_size=5000):
            latest[(activity_id, state_id)] = (pk, status, period_end)
        RangeStateActivityStatus.objects.filter(activity__programme=programme).delete()
        RangeStateActivityStatus.objects.bulk_create(
            [
                RangeStateActivityStatus(
                    activity_id=activity_id,
                    range_state_id=state_id,
                    report_id=pk,
                    status=status,
                    as_of=period_end,
                )
                for (activity_id, state_id), (pk, status, period_end) in latest.items()
            ],
            batch_size=2000,
        )

    def open_cycle(self, programme):
        today = timezone.localdate()
        cycle, _ = ReportingCycle.objects.update_or_create(
            programme=programme,
            name=OPEN_CYCLE,
            defaults={
                "description": "The cycle the benchmark's focal points report in.",
                "period_start": datetime.date(today.year - 1, 1, 1),
                "period_end": datetime.date(today.year - 1, 12, 31),
                "opens_on": today - datetime.timedelta(days=7),
                "deadline": today + datetime.timedelta(days=60),
            },
        )
        return cycle

    def plan(self, programme, open_cycle, states, accounts):
        """What the load script needs: tokens, and for each focal point the activities it
        may report on in the open cycle (the reporting rules decide which)."""
        activities = Activity.objects.filter(programme=programme)
        focal_points = []
        for state in states:
            codes = sorted(
                activities_in_scope(activities, range_state=state).values_list("code", flat=True),
                key=lambda code: [int(part) for part in code.split(".")],
            )
            focal_points.append(
                {
                    "iso_code": state.iso_code,
                    "token": token_key(accounts["focal_points"][state.iso_code].username),
                    "activities": codes,
                }
            )
        sample = (
            Report.objects.filter(cycle__programme=programme, state=ReportState.ACCEPTED)
            .order_by("-pk")
            .values_list("pk", flat=True)[:200]
        )
        return {
            "programme": programme.code,
            "open_cycle": open_cycle.pk,
            "secretariat_token": token_key(accounts["secretariat"].username),
            "partner_token": token_key(accounts["partner"].username),
            "focal_points": focal_points,
            "accepted_report_ids": list(sample),
            "range_states": [state.iso_code for state in states],
            "activity_codes": list(activities.order_by("sort_key").values_list("code", flat=True)),
            "reports": Report.objects.filter(cycle__programme=programme).count(),
        }
