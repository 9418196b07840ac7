"""A PPO belongs to the ЧРО from a date (and until a date): the periods count it by these dates.

Backfill: every PPO already in the portal is taken to have belonged since 2000-01-01, before
any programme the portal keeps, so no past figure changes on migration (the creation date is
the date of entry into the portal, not into the ЧРО: a registry loaded in 2026 would otherwise
empty 2023-2025). A PPO already marked «не действует» gets joined and left on its creation
date, so it counts in no period, as before."""

import datetime as dt

import django.utils.timezone
from django.db import migrations, models

BEFORE_EVERY_PROGRAMME = dt.date(2000, 1, 1)


def backfill(apps, schema_editor):
    PrimaryOrganization = apps.get_model("ppo", "PrimaryOrganization")
    for organization in PrimaryOrganization.objects.filter(is_active=False):
        created = django.utils.timezone.localtime(organization.created_at).date()
        organization.joined_on = created
        organization.left_on = created
        organization.save(update_fields=["joined_on", "left_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("ppo", "0007_organization_locality_optional"),
    ]

    operations = [
        migrations.AddField(
            model_name="primaryorganization",
            name="joined_on",
            field=models.DateField(default=BEFORE_EVERY_PROGRAMME, verbose_name="в составе ЧРО с"),
        ),
        migrations.AddField(
            model_name="primaryorganization",
            name="left_on",
            field=models.DateField(
                blank=True,
                help_text=(
                    "День выхода, слияния или ликвидации: с этого дня ППО больше не считается; "
                    "прошлые периоды её сохраняют."
                ),
                null=True,
                verbose_name="вышла из ЧРО",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="primaryorganization",
            name="joined_on",
            field=models.DateField(
                default=django.utils.timezone.localdate,
                help_text=(
                    "С этого дня ППО считается во всех показателях, отчётах и рейтинге. "
                    "Для новой ППО — дата её вступления в ЧРО."
                ),
                verbose_name="в составе ЧРО с",
            ),
        ),
        migrations.AddConstraint(
            model_name="primaryorganization",
            constraint=models.CheckConstraint(
                condition=models.Q(("left_on__isnull", True), ("left_on__gte", models.F("joined_on")), _connector="OR"),
                name="ppo_left_not_before_joined",
                violation_error_message="Дата выхода не может быть раньше даты вступления.",
            ),
        ),
    ]
