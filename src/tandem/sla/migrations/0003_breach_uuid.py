import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Breach = apps.get_model("sla", "Breach")
    for pk in Breach.objects.values_list("pk", flat=True):
        Breach.objects.filter(pk=pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("sla", "0002_sla_sweep"),
    ]

    operations = [
        migrations.AddField(
            model_name="breach",
            name="uuid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="breach",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
