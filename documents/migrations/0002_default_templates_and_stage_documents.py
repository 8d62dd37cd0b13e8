from django.db import migrations


def install(apps, schema_editor):
    from documents.defaults import install_defaults

    install_defaults(
        apps.get_model("documents", "DocumentTemplate"),
        apps.get_model("documents", "KindSetting"),
        apps.get_model("workflow", "Process"),
        apps.get_model("workflow", "Stage"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("workflow", "0007_stage_documents_offered_remedies"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
