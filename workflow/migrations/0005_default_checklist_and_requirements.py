from django.db import migrations

from workflow.defaults import create_default_checklist, upgrade_default_process


def ship(apps, schema_editor):
    upgrade_default_process(
        apps.get_model("workflow", "Process"),
        apps.get_model("workflow", "Stage"),
        apps.get_model("workflow", "Transition"),
    )
    create_default_checklist(apps.get_model("workflow", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("workflow", "0004_categories_checklists_actions")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
