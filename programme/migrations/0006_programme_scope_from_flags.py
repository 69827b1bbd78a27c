"""The programmes already loaded cover what the portal covered until now: every species with
its scope (the global flag) and position, and every range state."""

from django.db import migrations


def forwards(apps, schema_editor):
    Programme = apps.get_model("programme", "Programme")
    ProgrammeSpecies = apps.get_model("programme", "ProgrammeSpecies")
    ProgrammeRangeState = apps.get_model("programme", "ProgrammeRangeState")
    Species = apps.get_model("species", "Species")
    RangeState = apps.get_model("rangestates", "RangeState")
    species = list(Species.objects.order_by("position", "slug"))
    range_states = list(RangeState.objects.order_by("iso_code"))
    for programme in Programme.objects.all():
        if not ProgrammeSpecies.objects.filter(programme=programme).exists():
            ProgrammeSpecies.objects.bulk_create(
                ProgrammeSpecies(
                    programme=programme, species=s, scope=s.scope, position=s.position
                )
                for s in species
            )
        if not ProgrammeRangeState.objects.filter(programme=programme).exists():
            ProgrammeRangeState.objects.bulk_create(
                ProgrammeRangeState(programme=programme, range_state=r) for r in range_states
            )


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0005_programme_scope_and_crosswalk"),
        ("species", "0002_historicalspecies"),
        ("rangestates", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
