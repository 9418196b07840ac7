"""The organization's record with the values of the Chuvash organization, frozen here."""

from django.db import migrations

CHUVASH_ORGANIZATION = {
    "full_name": "Чувашская республиканская организация Профсоюза работников здравоохранения РФ",
    "full_name_genitive": (
        "Чувашской республиканской организации Профсоюза работников здравоохранения РФ"
    ),
    "legal_name": (
        "Чувашская республиканская организация Профессионального союза работников "
        "здравоохранения Российской Федерации"
    ),
    "short_name": "ЧРО Профсоюза",
    "abbreviation": "ЧРО",
    "site_name": "Портал ЧРО Профсоюза работников здравоохранения",
    "region": "Чувашская Республика",
    "region_genitive": "Чувашской Республики",
    "address": "",
    "phone": "",
    "email": "",
    "site_url": "",
    "specialist_name": "",
    "specialist_phone": "",
    "specialist_email": "",
}


def create_record(apps, schema_editor):
    Organization = apps.get_model("portal", "Organization")
    Organization.objects.get_or_create(pk=1, defaults=CHUVASH_ORGANIZATION)


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_organization")]

    operations = [migrations.RunPython(create_record, migrations.RunPython.noop)]
