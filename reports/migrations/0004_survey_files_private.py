"""File answers of surveys: from public media (surveys/<survey>/<ppo>/<name>) to the private
storage under generated names; the answer becomes {"name": ..., "original": ...}. A file that
is missing from the media leaves the question unanswered instead of failing."""

import uuid
from pathlib import PurePath

from django.core.files.storage import storages
from django.db import migrations
from django.utils import timezone


def _move(apps, schema_editor):
    from portal.files import clean_original_name, detect_type

    SurveyQuestion = apps.get_model("reports", "SurveyQuestion")
    SurveyResponse = apps.get_model("reports", "SurveyResponse")
    file_questions = {
        str(pk)
        for pk in SurveyQuestion.objects.filter(kind="file").values_list("pk", flat=True)
    }
    if not file_questions:
        return
    public, private = storages["default"], storages["private"]
    for response in SurveyResponse.objects.all():
        answers = dict(response.answers or {})
        changed = False
        for key, value in answers.items():
            if key not in file_questions or not isinstance(value, str) or not value:
                continue
            changed = True
            answers[key] = None
            try:
                if not public.exists(value):
                    continue
                with public.open(value, "rb") as file:
                    extension = detect_type(file) or "bin"
                    now = timezone.localtime()
                    name = f"surveys/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"
                    stored = private.save(name, file)
            except OSError:
                continue
            answers[key] = {"name": stored, "original": clean_original_name(PurePath(value).name)}
            try:
                public.delete(value)
            except OSError:
                pass
        if changed:
            response.answers = answers
            response.save(update_fields=["answers"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_surveys")]

    operations = [migrations.RunPython(_move, migrations.RunPython.noop)]
