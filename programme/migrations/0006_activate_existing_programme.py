"""The programme a database already holds was in force before programmes had a status: the
latest one becomes the active programme (the others, if any, stay drafts for staff to sort out)."""

from django.db import migrations


def activate(apps, schema_editor):
    Programme = apps.get_model("programme", "Programme")
    if Programme.objects.filter(status="active").exists():
        return
    latest = Programme.objects.order_by("-year_to", "-pk").first()
    if latest is not None:
        latest.status = "active"
        latest.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [("programme", "0005_programme_lifecycle")]

    operations = [migrations.RunPython(activate, migrations.RunPython.noop)]
