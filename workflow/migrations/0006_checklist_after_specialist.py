from django.db import migrations


def require_checklist(apps, schema_editor):
    """Waiting for specialist → Decision must not be a way around the checklist."""
    Transition = apps.get_model("workflow", "Transition")
    Transition.objects.filter(
        process__is_default=True, source__key="waiting_specialist", target__key="decision"
    ).update(requires_checklist=True)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0005_default_checklist_and_requirements")]
    operations = [migrations.RunPython(require_checklist, migrations.RunPython.noop)]
