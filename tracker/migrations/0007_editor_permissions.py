"""Editors review article drafts and see digest subscriptions; Viewers see the drafts."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions, models):
        codenames = [f"{a}_{m}" for a in actions for m in models]
        return list(
            Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)
        )

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *perms(["view", "add", "change"], ["articleimport", "draftevent"]),
        *perms(["view"], ["subscription", "digestdelivery"]),
    )
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.add(*perms(["view"], ["articleimport", "draftevent"]))


class Migration(migrations.Migration):
    dependencies = [("tracker", "0006_article_drafts")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
