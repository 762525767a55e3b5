"""Editors manage watched sources and read their fetch history; Viewers read them."""

from typing import Any

from django.db import migrations


def grant(apps: Any, schema_editor: Any) -> None:
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("intake")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    group = apps.get_model("auth", "Group")
    permission = apps.get_model("auth", "Permission")

    def perms(actions: list[str], models: list[str]) -> list[Any]:
        codenames = [f"{a}_{m}" for a in actions for m in models]
        return list(
            permission.objects.filter(content_type__app_label="intake", codename__in=codenames)
        )

    editors, _ = group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *perms(["view", "add", "change", "delete"], ["watchedsource"]),
        *perms(["view"], ["fetchrun", "seenitem"]),
    )
    viewers, _ = group.objects.get_or_create(name="Viewers")
    viewers.permissions.add(*perms(["view"], ["watchedsource", "fetchrun"]))


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_watched_sources")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
