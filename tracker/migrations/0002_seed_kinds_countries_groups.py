"""Seed event kinds (with PLOVER/CAMEO categories), ISO countries and the editor roles."""

from django.db import migrations

# slug, name, PLOVER category, PLOVER mode, CAMEO code, colour, icon
KINDS = [
    ("call", "Phone call", "CONSULT", "phone", "041", "#2563eb", "phone"),
    ("meeting", "Meeting", "CONSULT", "", "040", "#7c3aed", "users"),
    ("visit", "Visit", "CONSULT", "visit", "042", "#0891b2", "plane"),
    ("summit", "Summit", "CONSULT", "third-location", "044", "#4f46e5", "landmark"),
    ("statement", "Readout or statement", "", "", "01", "#64748b", "megaphone"),
    ("agreement", "Agreement", "SUPPORT", "", "057", "#16a34a", "handshake"),
    ("trade-measure", "Tariff or trade measure", "COERCE", "restrict", "163", "#dc2626", "scale"),
    ("sanction", "Sanction", "COERCE", "restrict", "163", "#9f1239", "ban"),
    (
        "deportation",
        "Deportation or repatriation flight",
        "COERCE",
        "deport",
        "174",
        "#ea580c",
        "plane-landing",
    ),
    ("parliamentary", "Parliamentary question or reply", "", "", "", "#0d9488", "columns"),
    ("data-release", "Data release", "", "", "", "#ca8a04", "chart"),
    ("other", "Other", "", "", "", "#6b7280", "dot"),
]

EDITABLE = ["event", "actor", "topic", "source", "participation", "figure"]
INLINE = ["participation", "source", "figure"]
READABLE = [*EDITABLE, "eventkind", "country"]


def seed_kinds(apps, schema_editor):
    EventKind = apps.get_model("tracker", "EventKind")
    for position, (slug, name, plover, mode, cameo, colour, icon) in enumerate(KINDS, start=1):
        EventKind.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "plover_category": plover,
                "plover_mode": mode,
                "cameo_code": cameo,
                "colour": colour,
                "icon": icon,
                "position": position * 10,
            },
        )


def seed_countries(apps, schema_editor):
    from django_countries import countries

    Country = apps.get_model("tracker", "Country")
    Country.objects.bulk_create(
        [Country(code=str(code), name=str(name)) for code, name in countries],
        ignore_conflicts=True,
    )


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions, models, app_label="tracker"):
        codenames = [f"{a}_{m}" for a in actions for m in models]
        found = list(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
        assert len(found) == len(codenames), "missing permissions"
        return found

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(
        perms(["view", "add", "change"], EDITABLE)
        + perms(["delete"], INLINE)
        + perms(["view"], ["eventkind", "country"])
        + perms(["view", "add", "change"], ["tag"], app_label="taggit")
    )
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.set(perms(["view"], READABLE) + perms(["view"], ["tag"], "taggit"))


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(seed_kinds, migrations.RunPython.noop),
        migrations.RunPython(seed_countries, migrations.RunPython.noop),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
