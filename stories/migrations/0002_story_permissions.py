"""Editors write stories (and their entries); Viewers read them in the admin."""

from typing import Any

from django.db import migrations


def grant(apps: Any, schema_editor: Any) -> None:
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("stories")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    group = apps.get_model("auth", "Group")
    permission = apps.get_model("auth", "Permission")

    def perms(actions: list[str], models: list[str]) -> list[Any]:
        codenames = [f"{a}_{m}" for a in actions for m in models]
        return list(
            permission.objects.filter(content_type__app_label="stories", codename__in=codenames)
        )

    editors, _ = group.objects.get_or_create(name="Editors")
    editors.permissions.add(*perms(["view", "add", "change", "delete"], ["story", "storyentry"]))
    viewers, _ = group.objects.get_or_create(name="Viewers")
    viewers.permissions.add(*perms(["view"], ["story", "storyentry"]))


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("tracker", "0002_seed_kinds_countries_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
