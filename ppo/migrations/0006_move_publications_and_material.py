"""Publications and the material base leave the spine for apps of their own.

The rows stay: the tables are renamed to the new apps' names (database), and the models leave
this app's state (the new apps' 0001 migrations take them over without touching the database)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ppo", "0005_act_scans_private"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="publication", table="publications_publication"),
                migrations.AlterModelTable(
                    name="publicationphoto", table="publications_publicationphoto"
                ),
                migrations.AlterModelTable(name="review", table="publications_review"),
                migrations.AlterModelTable(
                    name="moderationevent", table="publications_moderationevent"
                ),
                migrations.AlterModelTable(name="equipment", table="material_equipment"),
                migrations.AlterModelTable(name="equipmentissue", table="material_equipmentissue"),
                migrations.AlterModelTable(name="transferact", table="material_transferact"),
                migrations.AlterModelTable(
                    name="actnumbersequence", table="material_actnumbersequence"
                ),
                migrations.AlterModelTable(name="budget", table="material_budget"),
            ],
            state_operations=[
                migrations.DeleteModel(
                    name="ActNumberSequence",
                ),
                migrations.RemoveField(
                    model_name="equipmentissue",
                    name="equipment",
                ),
                migrations.RemoveField(
                    model_name="equipmentissue",
                    name="act",
                ),
                migrations.RemoveField(
                    model_name="equipmentissue",
                    name="holder",
                ),
                migrations.RemoveField(
                    model_name="equipmentissue",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="moderationevent",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="moderationevent",
                    name="publication",
                ),
                migrations.RemoveField(
                    model_name="publication",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="publication",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="review",
                    name="publication",
                ),
                migrations.RemoveField(
                    model_name="publicationphoto",
                    name="publication",
                ),
                migrations.RemoveField(
                    model_name="review",
                    name="closed_by",
                ),
                migrations.RemoveField(
                    model_name="review",
                    name="opened_by",
                ),
                migrations.RemoveField(
                    model_name="transferact",
                    name="issued_by",
                ),
                migrations.RemoveField(
                    model_name="transferact",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="transferact",
                    name="recipient",
                ),
                migrations.DeleteModel(
                    name="Budget",
                ),
                migrations.DeleteModel(
                    name="Equipment",
                ),
                migrations.DeleteModel(
                    name="EquipmentIssue",
                ),
                migrations.DeleteModel(
                    name="ModerationEvent",
                ),
                migrations.DeleteModel(
                    name="Publication",
                ),
                migrations.DeleteModel(
                    name="PublicationPhoto",
                ),
                migrations.DeleteModel(
                    name="Review",
                ),
                migrations.DeleteModel(
                    name="TransferAct",
                ),
            ],
        ),
    ]
