"""Binds the PPO line «Выделение финансовых средств из бюджета ППО в объеме не менее 5%…» to the
metric ``ppo.ppos_at_5_percent`` (all PPOs at or above 5% of their budget) where the line has no
binding yet; a binding staff chose in the admin is left alone, so running this again is a no-op."""

from decimal import Decimal

from django.db import migrations

TEXT_START = "Выделение финансовых средств из бюджета ППО в объеме не менее 5%"


def bind(apps, schema_editor):
    Activity = apps.get_model("programme", "Activity")
    Activity.objects.filter(
        text__startswith=TEXT_START, responsible="each_ppo", metric_key=""
    ).update(
        metric_key="ppo.ppos_at_5_percent", target_rule="share_of_ppos", target_value=Decimal(1)
    )


def unbind(apps, schema_editor):
    Activity = apps.get_model("programme", "Activity")
    Activity.objects.filter(text__startswith=TEXT_START, metric_key="ppo.ppos_at_5_percent").update(
        metric_key="", target_rule="", target_value=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0003_private_evidence_files"),
    ]

    operations = [migrations.RunPython(bind, unbind)]
