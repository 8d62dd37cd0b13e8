"""Resolution → Verification in every process that has both stages: the way back for review
when a customer contests an accepted decision in the portal (PO-2)."""

from django.db import migrations


def add_way_back(apps, schema_editor):
    Stage = apps.get_model("workflow", "Stage")
    Transition = apps.get_model("workflow", "Transition")
    for resolution in Stage.objects.filter(key="resolution"):
        verification = Stage.objects.filter(
            process_id=resolution.process_id, key="verification"
        ).first()
        if verification is None:
            continue
        Transition.objects.get_or_create(
            process_id=resolution.process_id,
            source=resolution,
            target=verification,
            defaults={"allowed_roles": ["manager", "admin"], "requires_reason": True},
        )


class Migration(migrations.Migration):
    dependencies = [("workflow", "0007_stage_documents_offered_remedies")]

    operations = [migrations.RunPython(add_way_back, migrations.RunPython.noop)]
