import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_ratings_of_existing_results")]

    operations = [
        migrations.AlterField(
            model_name="ratingresult",
            name="rating",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="results",
                to="reports.rating",
                verbose_name="расчёт",
            ),
        ),
    ]
