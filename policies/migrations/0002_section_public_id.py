# Sections get a public id (the management pages address them by it), and a
# draft keeps the lines its importer could not place. The public id is added
# in three steps, as Django's docs advise for a unique field on a table that
# may already have rows: nullable, filled in, then unique.

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="policysection",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="historicalpolicysection",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="policyversion",
            name="unplaced_lines",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Lines of an imported document that the importer could not place.",
            ),
        ),
        migrations.AddField(
            model_name="historicalpolicyversion",
            name="unplaced_lines",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Lines of an imported document that the importer could not place.",
            ),
        ),
    ]
