from django.db import migrations


def install(apps, schema_editor):
    from notifications.defaults import install_default_rules

    install_default_rules(
        apps.get_model("notifications", "NotificationRule"),
        apps.get_model("notifications", "NotificationTemplate"),
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0005_notification_rules_and_threading")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
