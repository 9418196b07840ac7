"""File answers of surveys: from the responses' JSON ({"name": <private storage name>,
"original": <the person's file name>}) to SurveyFileAnswer rows. The files stay where they are
(already private, under generated names); the JSON keeps the other kinds of answers only (a
file question's empty answer, None, is dropped too). Reversible: backwards puts the
{"name", "original"} values back into the JSON and removes the rows, never the files."""

from django.db import migrations


def _file_question_ids(apps) -> set[str]:
    SurveyQuestion = apps.get_model("reports", "SurveyQuestion")
    return {str(pk) for pk in SurveyQuestion.objects.filter(kind="file").values_list("pk", flat=True)}


def forwards(apps, schema_editor):
    SurveyResponse = apps.get_model("reports", "SurveyResponse")
    SurveyFileAnswer = apps.get_model("reports", "SurveyFileAnswer")
    file_questions = _file_question_ids(apps)
    if not file_questions:
        return
    for response in SurveyResponse.objects.all().iterator():
        answers = dict(response.answers or {})
        keys = [key for key in answers if key in file_questions]
        if not keys:
            continue
        for key in keys:
            value = answers.pop(key)
            if not isinstance(value, dict) or not value.get("name"):
                continue  # no file (a file missing from the media when it was moved)
            SurveyFileAnswer.objects.update_or_create(
                response=response,
                question_id=int(key),
                defaults={
                    "file": value["name"],
                    "original_name": (value.get("original") or "file")[:200],
                    "uploaded_at": response.updated_at,
                },
            )
        response.answers = answers
        response.save(update_fields=["answers"])


def backwards(apps, schema_editor):
    SurveyFileAnswer = apps.get_model("reports", "SurveyFileAnswer")
    answers_of = {}
    for answer in SurveyFileAnswer.objects.select_related("response").order_by("pk"):
        response = answers_of.setdefault(answer.response_id, answer.response)
        response.answers = {
            **(response.answers or {}),
            str(answer.question_id): {"name": answer.file.name, "original": answer.original_name},
        }
    for response in answers_of.values():
        response.save(update_fields=["answers"])
    SurveyFileAnswer.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_survey_file_answers")]

    operations = [migrations.RunPython(forwards, backwards)]
