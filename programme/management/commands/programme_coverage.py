from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.metrics import registry
from programme import selectors
from programme.models import Programme

EVIDENCE = "свидетельства"


class Command(BaseCommand):
    help = (
        "Покрытие программы показателями: для каждой строки — её номер, источник выполнения "
        "(ключ показателя или «свидетельства») и выполнение за год; в конце — сколько строк "
        "считается по показателям."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Год (по умолчанию — текущий)")
        parser.add_argument(
            "--programme", type=int, help="Номер программы (по умолчанию — программа этого года)"
        )

    def handle(self, *args, year=None, programme=None, **options):
        today = timezone.localdate()
        year = year or today.year
        if programme is not None:
            found = Programme.objects.filter(pk=programme).first()
            if found is None:
                raise CommandError(f"Программы № {programme} нет.")
        else:
            found = selectors.programme_for_year(year)
            if found is None:
                raise CommandError(f"Нет программы, действующей в {year} году.")
        if year not in found.years:
            raise CommandError(
                f"Программа «{found}» охватывает {found.year_from}–{found.year_to} годы, "
                f"а не {year}."
            )
        tree = selectors.programme_tree(found, year, today=today)
        bound = computed = total = 0
        self.stdout.write(f"{found}, {year} год")
        for section in tree.children:
            for measure in section.children:
                for node in measure.children:
                    activity, evaluation = node.item, node.evaluation
                    total += 1
                    code = f"{section.item.number}.{measure.item.number}.{activity.order}"
                    has_metric = bool(activity.metric_key) and activity.metric_key in registry
                    bound += has_metric
                    computed += evaluation.source == "metric"
                    source = activity.metric_key if has_metric else EVIDENCE
                    if has_metric and evaluation.source != "metric":
                        source += " (нет данных: по отметкам)"
                    percent = "—" if evaluation.percent is None else f"{evaluation.percent} %"
                    self.stdout.write(f"{code:<8} {source:<48} {percent:>6}  {activity.text[:60]}")
        self.stdout.write(
            f"Строк: {total}; с источником-показателем: {bound}; "
            f"посчитаны по данным портала за {year} год: {computed}; "
            f"по свидетельствам: {total - bound}."
        )
