import uuid

from django.db import migrations


def fill(apps, schema_editor):
    """A fresh public id for every section; its history rows carry the same one."""
    section_model = apps.get_model("policies", "PolicySection")
    history_model = apps.get_model("policies", "HistoricalPolicySection")
    # The historical models have plain managers: no tenant scoping applies here.
    for section in section_model._base_manager.filter(public_id__isnull=True).iterator():
        section.public_id = uuid.uuid4()
        section.save(update_fields=["public_id"])
        history_model._base_manager.filter(id=section.pk).update(public_id=section.public_id)
    # History of sections that no longer exist.
    for row in history_model._base_manager.filter(public_id__isnull=True).iterator():
        row.public_id = uuid.uuid4()
        row.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_section_public_id"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
