import uuid

from django.db import migrations, models


def give_each_message_its_own(apps, schema_editor):
    message = apps.get_model("desk", "RequestMessage")
    for pk in message.objects.values_list("pk", flat=True).iterator():
        message.objects.filter(pk=pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("desk", "0005_watchers")]

    operations = [
        migrations.AddField(
            model_name="requestmessage",
            name="uuid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_message_its_own, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="requestmessage",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
