import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0003_fill_section_public_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="policysection",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="historicalpolicysection",
            name="public_id",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
    ]
