from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string, module_has_submodule

from portal import pagecache
from portal.models import Organization, User
from portal.notifications import notifications_mark_read, notifications_of
from portal.roles import PRESIDIUM_GROUP, STAFF_GROUP

DEMO_PASSWORD = "demo12345"
DUMMY_EMAIL = "django.core.mail.backends.dummy.EmailBackend"
# The demo marks past reports as sent to the Central Committee; with no address set, a made-up one.
DEMO_CENTRAL_COMMITTEE_EMAIL = "ck@demo.invalid"
DEMO_ACCOUNTS = [
    # (e-mail, full name, role, description)
    (
        "info@demo.example",
        "Смирнова Анна Викторовна (демо)",
        "staff",
        "аппарат ЧРО, специалист по информационной работе",
    ),
    (
        "presidium@demo.example",
        "Николаев Павел Андреевич (демо)",
        "presidium",
        "член Президиума ЧРО",
    ),
    (
        "rkb@demo.example",
        "Васильева Ольга Николаевна (демо)",
        "officer",
        "ответственный по информационной работе ППО РКБ",
    ),
    (
        "gkb1@demo.example",
        "Петров Игорь Сергеевич (демо)",
        "officer",
        "ответственный по информационной работе ППО ГКБ № 1",
    ),
]


class Command(BaseCommand):
    help = (
        "Загрузить демонстрационные данные (один раз): аккаунты, ППО и данные каждого "
        "приложения. Повторный запуск только печатает демо-аккаунты."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="загрузить, даже если демо-данные уже есть"
        )

    def handle(self, *args, force=False, **options):
        if settings.DJANGO_ENV == "production":
            raise CommandError(
                "Демо-данные нельзя загружать в рабочую установку (DJANGO_ENV=production): "
                "они добавят вымышленные ППО, людей с известным паролем и отчёты. Запустите "
                "команду в локальной установке (DJANGO_ENV=local)."
            )
        if force or not User.objects.filter(email=DEMO_ACCOUNTS[0][0]).exists():
            # Demo workflows (moderation, reminders) would e-mail the demo people: send nothing.
            demo_settings = override_settings(
                EMAIL_BACKEND=DUMMY_EMAIL,
                CENTRAL_COMMITTEE_EMAIL=settings.CENTRAL_COMMITTEE_EMAIL
                or DEMO_CENTRAL_COMMITTEE_EMAIL,
            )
            with demo_settings, transaction.atomic():
                users = self._accounts()
                self._specialist(users["info"])
                demos = [
                    config.name
                    for config in apps.get_app_configs()
                    if config.name != "portal" and module_has_submodule(config.module, "demo")
                ]
                for name in demos:
                    import_string(f"{name}.demo.load")(users=users)
                # Outputs frozen from every app's data (the CC report, the rating) are made
                # once all the data is there: a demo module's optional finish().
                for name in demos:
                    module = import_module(f"{name}.demo")
                    if hasattr(module, "finish"):
                        module.finish(users=users)
                self._notifications_read(users)
            self.stdout.write(self.style.SUCCESS("Демо-данные загружены."))
        else:
            self.stdout.write("Демо-данные уже загружены.")
        self.stdout.write("\nДемо-аккаунты (пароль у всех: %s):" % DEMO_PASSWORD)
        for email, name, _role, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<26} {name} — {description}")
        self.stdout.write("")

    def _specialist(self, staff: User) -> None:
        """The demo staff member is the contact that officers see in their first steps (an
        installation's own contact, once typed in the admin, is kept)."""
        Organization.objects.filter(
            pk=Organization.SINGLETON_PK, specialist_name="", specialist_email=""
        ).update(
            specialist_name=staff.full_name,
            specialist_phone=staff.phone,
            specialist_email=staff.email,
        )
        pagecache.bump(pagecache.SITE)  # an update sends no signal: the kept record is stale

    def _notifications_read(self, users: dict[str, User]) -> None:
        """The apps' demo workflows notified the demo people through ``notify``; as if they had
        used the portal for a while, the newest notification of each kind stays unread and the
        older ones are read."""
        for user in users.values():
            seen, older = set(), []
            for pk, kind in notifications_of(user).values_list("pk", "kind"):
                if kind in seen:
                    older.append(pk)
                seen.add(kind)
            notifications_mark_read(user=user, ids=older)

    def _accounts(self) -> dict[str, User]:
        users = {}
        for email, name, role, _description in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                phone="+7 (8352) 00-00-00",
                is_staff=role == "staff",
            )
            if role == "staff":
                user.groups.add(Group.objects.get(name=STAFF_GROUP))
            if role == "presidium":
                user.groups.add(Group.objects.get(name=PRESIDIUM_GROUP))
            users[email.split("@")[0]] = user
        return users
