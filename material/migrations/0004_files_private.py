"""Acts of write-off and the documents of equipment movements: from public media to the private
storage (like the act scans), under newly generated names, so that a name once served from
/media/ leads nowhere. Reversible: backwards the files go to public media under the names they
have. A file missing from its storage is left as it is (the download view answers 404)."""

import uuid
import material.models.equipment
import portal.storage
import portal.uploads
from django.core.files.storage import storages
from django.db import migrations, models
from django.utils import timezone

# (model, field, folder of generated names)
FIELDS = [
    ("Equipment", "write_off_document", "equipment/write-offs"),
    ("EquipmentIssue", "end_document", "equipment/movements"),
]


def _generated_name(folder: str, file) -> str:
    """The content decides the extension (a page named .pdf becomes .bin, a download)."""
    from portal.files import detect_type

    suffix = detect_type(file) or "bin"
    return f"{folder}/{timezone.localtime():%Y}/{uuid.uuid4().hex}.{suffix}"


def _relocate(apps, source, target, *, rename: bool) -> int:
    moved = 0
    for model_name, field, folder in FIELDS:
        model = apps.get_model("material", model_name)
        for pk, name in model.objects.exclude(**{field: ""}).values_list("pk", field):
            try:
                if not name or not source.exists(name):
                    continue  # missing, or already moved
                with source.open(name, "rb") as file:
                    new_name = _generated_name(folder, file) if rename else name
                    file.seek(0)
                    stored = target.save(new_name, file)
            except OSError:
                continue
            model.objects.filter(pk=pk).update(**{field: stored})
            try:
                source.delete(name)
            except OSError:
                pass
            moved += 1
    return moved


def to_private(apps, schema_editor=None) -> int:
    return _relocate(apps, storages["default"], storages["private"], rename=True)


def to_public(apps, schema_editor=None) -> int:
    return _relocate(apps, storages["private"], storages["default"], rename=False)


class Migration(migrations.Migration):
    dependencies = [("material", "0003_labels_without_organization_name")]

    operations = [
        migrations.AlterField(
            model_name="equipment",
            name="write_off_document",
            field=models.FileField(
                blank=True,
                storage=portal.storage.private_storage,
                upload_to=material.models.equipment.upload_write_off,
                validators=[portal.uploads.UploadValidator("act_scan")],
                verbose_name="акт списания",
            ),
        ),
        migrations.AlterField(
            model_name="equipmentissue",
            name="end_document",
            field=models.FileField(
                blank=True,
                storage=portal.storage.private_storage,
                upload_to=material.models.equipment.upload_movement,
                validators=[portal.uploads.UploadValidator("act_scan")],
                verbose_name="документ",
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
