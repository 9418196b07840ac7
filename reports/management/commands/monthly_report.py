from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.periods import Period
from reports.services import cc_report_compile


class Command(BaseCommand):
    help = "Сформировать (или обновить) ежемесячный отчёт в ЦК за месяц ГГГГ-ММ."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="Месяц ГГГГ-ММ; по умолчанию — прошлый")

    def handle(self, *args, month=None, **options):
        try:
            period = Period.parse_month(month) if month else Period.current_month().previous()
            report = cc_report_compile(period=period)
        except (ValueError, ValidationError) as error:
            messages = getattr(error, "messages", [str(error)])
            raise CommandError(" ".join(messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{report}: сформирован (id {report.pk})."))
