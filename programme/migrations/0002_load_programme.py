from django.db import migrations


def load(apps, schema_editor):
    from programme.loader import load_programme

    load_programme(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("ppo", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
