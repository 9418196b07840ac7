from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.models import RatingCriterion
from reports.services import rating_compute, rating_default_scheme


class Command(BaseCommand):
    help = "Рассчитать рейтинг ППО за год (для текущего года — предварительный)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Год, например 2025")
        parser.add_argument(
            "--default-scheme",
            action="store_true",
            help="создать критерии по умолчанию, если для года их нет",
        )

    def handle(self, *args, year, default_scheme=False, **options):
        if default_scheme and not RatingCriterion.objects.filter(year=year).exists():
            created = rating_default_scheme(year=year)
            self.stdout.write(f"Создано критериев: {len(created)}.")
        try:
            results = rating_compute(year=year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Рейтинг {year} года рассчитан: {len(results)} ППО."))
