from django.db import migrations

from deadlines.defaults import create_defaults


def ship_defaults(apps, schema_editor):
    create_defaults(
        apps.get_model("deadlines", "Calendar"),
        apps.get_model("deadlines", "LegalRule"),
        apps.get_model("deadlines", "SlaPolicy"),
    )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(ship_defaults, migrations.RunPython.noop)]
