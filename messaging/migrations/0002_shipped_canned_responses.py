from django.db import migrations

from messaging.defaults import create_default_canned_responses


def create(apps, schema_editor):
    create_default_canned_responses(apps.get_model("messaging", "CannedResponse"))


def remove(apps, schema_editor):
    apps.get_model("messaging", "CannedResponse").objects.exclude(key="").delete()


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_canned_responses_and_message_attachments")]

    operations = [migrations.RunPython(create, remove)]
