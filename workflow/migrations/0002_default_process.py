from django.db import migrations

from workflow.defaults import create_default_process


def ship_default_process(apps, schema_editor):
    Process = apps.get_model("workflow", "Process")
    if not Process.objects.filter(is_default=True).exists():
        create_default_process(
            Process, apps.get_model("workflow", "Stage"), apps.get_model("workflow", "Transition")
        )


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]
    operations = [migrations.RunPython(ship_default_process, migrations.RunPython.noop)]
