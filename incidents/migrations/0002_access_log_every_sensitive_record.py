"""The access log covers every sensitive record: each entry names its record by
kind, public id and reference; ``incident`` is set for incident looks only."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def name_the_incidents(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Every existing entry is a look at an incident: copy its public id and reference."""
    entries = apps.get_model("incidents", "AccessLogEntry")
    for entry in entries.objects.select_related("incident").iterator(chunk_size=500):
        entry.record_type = "incident"
        entry.record_id = str(entry.incident.public_id)
        entry.reference = f"INC-{entry.incident.number}"
        entry.save(update_fields=["record_type", "record_id", "reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="record_type",
            field=models.CharField(
                choices=[
                    ("incident", "Incident"),
                    ("content_report", "Content report"),
                    ("agreement", "Signed agreement"),
                ],
                default="incident",
                max_length=14,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="record_id",
            field=models.CharField(default="", help_text="The record's public id.", max_length=36),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="reference",
            field=models.CharField(default="", help_text="INC-4, CR-2, HSA-12 …", max_length=20),
            preserve_default=False,
        ),
        migrations.RunPython(name_the_incidents, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslogentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Opened the incident"),
                    ("status", "Opened the reporter's status page"),
                    ("evidence", "Downloaded evidence"),
                    ("pack", "Downloaded the evidence pack"),
                    ("report", "Opened the content report"),
                    ("agreement", "Opened the signed agreement"),
                    ("scan", "Downloaded the scan"),
                    ("pdf", "Downloaded the PDF"),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="incident",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="incidents.incident",
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                fields=["school", "reference", "at"], name="access_log_reference_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("incident__isnull", False), ("record_type", "incident")),
                    models.Q(
                        models.Q(("record_type", "incident"), _negated=True),
                        ("incident__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="access_log_incident_set_for_incidents_only",
            ),
        ),
    ]
