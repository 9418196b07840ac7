"""Each year's existing rating results become that year's first computation (a draft: nobody
has published them yet). Frozen: plain rows, no service code."""

from django.db import migrations
from django.db.models import Max


def forwards(apps, schema_editor):
    Rating = apps.get_model("reports", "Rating")
    RatingResult = apps.get_model("reports", "RatingResult")
    years = RatingResult.objects.values("year").annotate(at=Max("computed_at")).order_by("year")
    for row in years:
        rating = Rating.objects.create(
            year=row["year"], version=1, status="draft", computed_at=row["at"]
        )
        RatingResult.objects.filter(year=row["year"]).update(rating=rating)


def backwards(apps, schema_editor):
    apps.get_model("reports", "RatingResult").objects.update(rating=None)
    apps.get_model("reports", "Rating").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_frozen_outputs")]

    operations = [migrations.RunPython(forwards, backwards)]
