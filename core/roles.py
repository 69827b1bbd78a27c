"""The roles of the portal, as Django groups, and the permissions each one needs.

The data migrations call `sync_group` so that a fresh database has the groups; running it
again (from a later migration) brings the permissions in line with this file."""

SECRETARIAT = "Secretariat"

SECRETARIAT_PERMISSIONS = {
    # The programme as adopted: read it; the resolution's text is not theirs to rewrite.
    "programme": {
        # A successor programme is imported from its workbook, and made current, by them.
        "programme": ["view", "import", "make_current"],
        "objective": ["view"],
        "issue": ["view"],
        "activity": ["view"],
        "subactivity": ["view"],
        "responsibility": ["view"],
        # Actors' names can be corrected and imported.
        "actor": ["view", "change"],
        # What the secretariat records.
        "activitystatus": ["view", "add", "change"],
    },
    "species": {"species": ["view", "change"]},
    "rangestates": {"rangestate": ["view", "change"], "landscape": ["view"]},
    # Focal points' reports: manage focal points and cycles, review (accept, return, reopen)
    # and export reports; the reports' content stays the focal points' own.
    "reporting": {
        "focalpoint": ["view", "add", "change"],
        "reportingcycle": ["view", "add", "change"],
        "report": ["view", "review"],
        "reportlink": ["view"],
        "reportattachment": ["view"],
        "reporttransition": ["view"],
        "rangestateactivitystatus": ["view"],
        "reminder": ["view"],
    },
}


def sync_group(apps, name, permissions):
    """Create or update group `name` with exactly `permissions` ({app: {model: [actions]}})."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_label in permissions:
        # In a migration the app configs are stubs; permissions are normally created only
        # after all migrations ran, so make them now.
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:
            continue  # the app's tables come in a later migration, which syncs again
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    wanted = []
    for app_label, models in permissions.items():
        for model, actions in models.items():
            try:
                apps.get_model(app_label, model)
            except LookupError:
                continue  # not created yet at this point of the migrations (see above)
            for action in actions:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                # None: a model's own permission that a later migration adds (and syncs).
                if permission is not None:
                    wanted.append(permission)
    group.permissions.set(wanted)
    return group
