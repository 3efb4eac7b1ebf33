from django.db import migrations

# Copied from tandem.desk.choices at the time of writing: a migration must not
# change when the code's defaults do.
MATRIX = {
    ("patient_care", "high"): 1,
    ("patient_care", "medium"): 1,
    ("patient_care", "low"): 1,
    ("practice_down", "high"): 1,
    ("practice_down", "medium"): 2,
    ("practice_down", "low"): 2,
    ("person_blocked", "high"): 2,
    ("person_blocked", "medium"): 3,
    ("person_blocked", "low"): 3,
    ("question", "high"): 3,
    ("question", "medium"): 4,
    ("question", "low"): 4,
}
PROMISES = {1: 15, 2: 60, 3: 240, 4: 480}


def seed(apps, schema_editor):
    rule = apps.get_model("desk", "PriorityRule")
    promise = apps.get_model("desk", "ResponsePromise")
    for (impact, urgency), priority in MATRIX.items():
        rule.objects.get_or_create(impact=impact, urgency=urgency, defaults={"priority": priority})
    for priority, minutes in PROMISES.items():
        promise.objects.get_or_create(
            priority=priority, defaults={"first_response_minutes": minutes}
        )


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_requests_and_messages")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
