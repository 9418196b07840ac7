"""Every line of the 2023-2025 programme bound to a metric moves when the feature it names is
used: each case performs the feature's own action (through the app's service, or the admin's
save where the admin is the feature) and sees the line's progress change.

The lines are the real rows the migrations made (text, metric, rule, target). The year judged
is the current one, because the services stamp their records with today's date; a line whose
schedule names other years is looked at as if it ran this year (its schedule is not what is
tested here)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contests import services as contest_services
from contests.models import Contest
from documents import services as document_services
from documents.models import Delivery, Document
from material import services as material_services
from material.models import Equipment
from media_archive import services as archive_services
from portal.periods import MOSCOW, Period
from ppo import services as ppo_services
from programme import services as programme_services
from programme.models import Activity, Attendance, Programme, Training
from programme.progress import evaluate_activity
from publications import services as publication_services
from reports import services as report_services
from reports import surveys
from reports.models import Survey
from tests.documents.factories import MailingFactory, pdf_file
from tests.factories import AppointmentFactory, OrganizationFactory, UserFactory, staff_user
from tests.material.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
# A quarter's flows are judged on the quarter just ended in its first month (see progress):
# judge a month later then, so that today's action falls in the quarter judged.
JUDGED_ON = TODAY + dt.timedelta(days=31) if TODAY.month in (4, 7, 10) else TODAY
LAST_DAY = dt.date(YEAR, 12, 31)


class Scene:
    def __init__(self, callbacks, settings):
        settings.CENTRAL_COMMITTEE_EMAIL = "ck@test.invalid"
        self.callbacks = callbacks
        self.staff = staff_user()
        self.org_a = OrganizationFactory(short_name="ППО А", slug="ppo-a")
        self.org_b = OrganizationFactory(short_name="ППО Б", slug="ppo-b")
        self.officer_a = AppointmentFactory(
            organization=self.org_a, starts_on=dt.date(YEAR, 1, 1)
        ).user
        self.officer_b = AppointmentFactory(
            organization=self.org_b, starts_on=dt.date(YEAR, 1, 1)
        ).user
        self.ids = [self.org_a.pk, self.org_b.pk]

    # --- actions shared by several lines ---------------------------------------------------

    def publish(self, organization=None):
        author = self.officer_a if organization else self.staff
        publication = publication_services.publication_create(
            user=author,
            organization=organization,
            title="Субботник в больничном парке",
            lead="Сотрудники вышли на субботник.",
            body="<p>Сотрудники больницы вышли на субботник.</p>",
            event_date=TODAY,
            category="events",
        )
        publication_services.publication_submit(user=author, publication=publication)
        publication_services.publication_approve(user=self.staff, publication=publication)

    def monthly_report(self, **fields):
        report_services.monthly_report_save(
            user=self.officer_a,
            organization=self.org_a,
            period=Period.month(TODAY.year, TODAY.month),
            submit=True,
            # A month's report is sent on its last day or later: this month's, on its last day.
            on=dt.datetime.combine(
                Period.month(TODAY.year, TODAY.month).last_day, dt.time(12), tzinfo=MOSCOW
            ),
            **fields,
        )

    def own_channel_with_last_year(self, platform):
        channel = ppo_services.channel_create(
            user=self.staff,
            organization=None,
            platform=platform,
            url="https://vk.com/union21" if platform == "vk" else "https://t.me/union21",
            title="Сообщество организации",
        )
        ppo_services.subscriber_count_record(
            user=self.staff, channel=channel, date=dt.date(YEAR - 1, 12, 31), count=1000
        )
        return channel

    def send(self, kind, *, acknowledge_by=None):
        return document_services.document_send(
            user=self.staff,
            title="Документ организации",
            kind=kind,
            file=pdf_file(),
            acknowledge_by=acknowledge_by,
        )

    def delivery_a(self, document):
        return Delivery.objects.get(document=document, organization=self.org_a)

    def album(self, organization=None, *, video=True):
        album = archive_services.album_create(
            user=self.staff if organization is None else self.officer_a,
            organization=organization,
            title="Спартакиада медиков",
            event_date=TODAY,
        )
        if video:
            archive_services.video_add(
                user=self.staff if organization is None else self.officer_a,
                album=album,
                url="https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
                caption="Видео с мероприятия",
            )
        return album

    def printed(self, kind="bulletin", *, links=False, organization=None):
        publication_services.printed_issue_create(
            user=self.staff,
            kind=kind,
            title="Информационный бюллетень",
            issued_on=TODAY,
            copies=200,
            has_social_links=links,
            organization=organization,
        )

    def outside(self, kind):
        publication_services.outside_media_create(
            user=self.staff,
            kind=kind,
            outlet="Республиканская газета",
            title="Медики выбирают Профсоюз",
            published_on=TODAY,
            url="https://example.org/news/1",
        )

    def survey(self):
        survey = Survey.objects.create(
            title="Анкета об информационных ресурсах",
            deadline=min(TODAY + dt.timedelta(days=5), LAST_DAY),
            is_published=True,
        )
        survey.questions.create(order=1, text="Сколько групп у ППО?", kind="number")
        return survey

    def contest(self, kind=Contest.Kind.PHOTO):
        return Contest.objects.create(
            title="Конкурс среди ППО",
            slug=f"contest-{kind}",
            kind=kind,
            submission_starts=TODAY,
            submission_ends=TODAY,
            judging_starts=TODAY,
            judging_ends=TODAY + dt.timedelta(days=7),
        )

    def training(self):
        return Training.objects.create(date=TODAY, topic="Семинар ответственных", format="video")


# --- one action per line ---------------------------------------------------------------------


def laptop_to_a(scene):
    laptop = EquipmentFactory(kind=Equipment.Kind.LAPTOP, purchase_date=TODAY)
    material_services.equipment_issue(
        user=scene.staff, organization=scene.org_a, items=[laptop], on=TODAY
    )


def equipment_bought(kind):
    def action(scene):
        # The admin's save of a purchase (the material base has no other way in).
        item = EquipmentFactory.build(kind=kind, purchase_date=TODAY)
        item.full_clean()
        item.save()

    return action


def budget(organization_attr):
    def action(scene):
        organization = getattr(scene, organization_attr) if organization_attr else None
        material_services.budget_save(
            user=scene.staff,
            organization=organization,
            year=YEAR,
            total=Decimal("100000"),
            actual_printing=Decimal("6000"),
        )

    return action


def own_growth(platform):
    def setup(scene):
        scene.channel = scene.own_channel_with_last_year(platform)

    def action(scene):
        ppo_services.subscriber_count_record(
            user=scene.staff, channel=scene.channel, date=TODAY, count=1400
        )

    return setup, action


def ppo_channel(platform, url):
    def action(scene):
        ppo_services.channel_create(
            user=scene.officer_a,
            organization=scene.org_a,
            platform=platform,
            url=url,
            title="Профком в сети",
        )

    return action


def mailing_sent(scene):
    mailing = MailingFactory()
    with scene.callbacks(execute=True):
        document_services.mailing_send(user=scene.staff, mailing=mailing)


def acknowledge_setup(kind, *, deadline=True):
    def setup(scene):
        scene.document = scene.send(kind, acknowledge_by=TODAY if deadline else None)

    return setup


def acknowledge(scene):
    document_services.delivery_acknowledge(
        user=scene.officer_a, delivery=scene.delivery_a(scene.document)
    )


def open_document(scene):
    document_services.delivery_open(user=scene.officer_a, delivery=scene.delivery_a(scene.document))


def cc_report_sent(scene):
    report = report_services.cc_report_compile(period=Period.month(TODAY.year, TODAY.month))
    with scene.callbacks(execute=True):
        report_services.cc_report_send(user=scene.staff, report=report)


def presidium_report(scene):
    programme = Programme.objects.get(year_from=2023)
    programme_services.presidium_report_save(programme=programme, as_of=TODAY, user=scene.staff)


def commission_meeting(scene):
    programme_services.commission_meeting_create(
        user=scene.staff,
        date=TODAY,
        agenda="О ходе программы информационной работы",
        minutes_file=SimpleUploadedFile("protokol.pdf", b"%PDF-1.4 minutes"),
    )


def training_held(scene):
    scene.training()


def training_attended(scene):
    # The admin's save of a training with its attendance inline.
    Attendance.objects.create(
        training=scene.training(), user=scene.officer_a, organization=scene.org_a
    )


def contest_announced(scene):
    scene.contest(Contest.Kind.BLOGGER)


def contest_results(scene):
    contest = scene.contest()
    contest_services.contest_publish_results(user=scene.staff, contest=contest)


def survey_setup(scene):
    scene.the_survey = scene.survey()


def survey_answered(scene):
    question = scene.the_survey.questions.get()
    surveys.survey_response_save(
        user=scene.officer_a,
        organization=scene.org_a,
        survey=scene.the_survey,
        cleaned_data={surveys.field_name(question): 2},
        submit=True,
    )


def officer_appointed(scene):
    scene.org_c = OrganizationFactory(short_name="ППО В", slug="ppo-v")
    scene.ids.append(scene.org_c.pk)


def appoint(scene):
    ppo_services.appointment_open(organization=scene.org_c, user=UserFactory(), starts_on=TODAY)


def report(**fields):
    def action(scene):
        scene.monthly_report(**fields)

    return action


def approve_ppo_news(scene):
    scene.publish(scene.org_a)


def own_news(scene):
    scene.publish(None)


def nothing(scene):
    pass


# (line code, metric key the line must carry, setup, action)
CASES = [
    ("I.1.1", "ppo.ppos_with_laptop", nothing, laptop_to_a),
    ("I.1.2", "ppo.chro_info_budget_share", nothing, budget(None)),
    ("I.1.3", "material.av_equipment_acquired", nothing, equipment_bought("camera")),
    ("I.2.1", "material.vks_sets", nothing, equipment_bought("vks")),
    ("I.3.1", "publications.own_published", nothing, own_news),
    ("I.3.4", "media_archive.own_videos", nothing, lambda s: s.album(None)),
    ("I.3.5", "ppo.own_vk_growth", *own_growth("vk")),
    (
        "I.3.7",
        "publications.own_leaflets_with_links",
        nothing,
        lambda s: s.printed("leaflet", links=True),
    ),  # noqa: E501
    ("I.4.1", "publications.published", nothing, approve_ppo_news),
    ("I.4.2", "documents.sent", nothing, lambda s: s.send(Document.Kind.LETTER)),
    ("I.4.4", "documents.mailings_sent", nothing, mailing_sent),
    ("I.4.6", "ppo.own_vk_telegram_growth", *own_growth("telegram")),
    ("I.4.7", "media_archive.own_albums", nothing, lambda s: s.album(None, video=False)),
    ("I.4.8", "publications.outside_media", nothing, lambda s: s.outside("media")),
    ("I.5.1", "publications.own_printed_issues", nothing, lambda s: s.printed()),
    (
        "I.5.3",
        "reports.solidarnost_vremya_copies",
        nothing,
        report(subscriptions_solidarnost=5, subscriptions_vremya=3),
    ),  # noqa: E501
    (
        "I.5.4",
        "reports.puls_tema_copies",
        nothing,
        report(subscriptions_puls=10, subscriptions_tema=2),
    ),  # noqa: E501
    ("I.5.5", "publications.union_press", nothing, lambda s: s.outside("union_press")),
    ("I.6.1", "programme.trainings_held", nothing, training_held),
    ("I.6.5", "programme.commission_meetings", nothing, commission_meeting),
    (
        "I.6.6",
        "documents.brandbook_acknowledged",
        acknowledge_setup(Document.Kind.BRANDBOOK, deadline=False),
        open_document,
    ),  # noqa: E501
    ("I.6.7", "documents.methodology_sent", nothing, lambda s: s.send(Document.Kind.METHODOLOGY)),  # noqa: E501
    ("I.7.1", "contests.blogger_announced", nothing, contest_announced),
    ("I.7.2", "contests.held", nothing, contest_results),
    (
        "I.8.1",
        "reports.union_page_checked",
        nothing,
        report(union_page_checked=True, union_page_url="https://rkb.med.cap.ru/profsoyuz"),
    ),  # noqa: E501
    ("I.8.2", "reports.surveys_held", nothing, lambda s: s.survey()),
    ("I.8.3", "reports.social_posts", nothing, report(social_posts="https://vk.com/wall-1_10")),
    ("I.8.4", "reports.cc_report_sent", nothing, cc_report_sent),
    ("I.8.5", "programme.presidium_reports", nothing, presidium_report),
    ("II.1.1", "ppo.ppos_at_5_percent", nothing, budget("org_a")),
    ("II.1.2", "ppo.ppos_with_laptop", nothing, laptop_to_a),
    ("II.1.3", "ppo.officer_share", officer_appointed, appoint),
    ("II.2.2", "ppo.own_subscribers_growth", *own_growth("vk")),
    (
        "II.3.2",
        "documents.acknowledged_on_time",
        acknowledge_setup(Document.Kind.LETTER),
        acknowledge,
    ),  # noqa: E501
    (
        "II.3.4",
        "ppo.ppos_with_chat",
        nothing,
        ppo_channel("whatsapp", "https://chat.whatsapp.com/AbCdEf123"),
    ),  # noqa: E501
    ("II.3.5", "reports.monthly_reports_filed", nothing, report(events_covered="Субботник")),
    ("II.3.6", "ppo.ppos_with_group", nothing, ppo_channel("vk", "https://vk.com/profkom_a")),
    ("II.3.7", "media_archive.items", nothing, lambda s: s.album(s.org_a)),
    ("II.3.8", "ppo.publications_approved", nothing, approve_ppo_news),
    (
        "II.3.9",
        "reports.union_page_months",
        nothing,
        report(
            union_page_checked=True,
            union_page_updated=True,
            union_page_url="https://rkb.med.cap.ru/profsoyuz",
        ),
    ),  # noqa: E501
    ("II.4.1", "reports.newspaper_copies", nothing, report(subscriptions_solidarnost=2)),
    ("II.4.3", "reports.stand_updates", nothing, report(stand_updates=2)),
    (
        "II.4.4",
        "publications.ppo_printed_issues",
        nothing,
        lambda s: s.printed(organization=s.org_a),
    ),  # noqa: E501
    ("II.5.1", "programme.training_ppo_share", nothing, training_attended),
    ("II.6.1", "reports.survey_answered", survey_setup, survey_answered),
]


def line(code: str) -> Activity:
    section, measure, order = code.split(".")
    activity = Activity.objects.select_related("measure__section__programme").get(
        measure__section__programme__year_from=2023,
        measure__section__number=section,
        measure__number=int(measure),
        order=int(order),
    )
    if activity.year_from:  # judged as if its years were this one (see the module's note)
        activity.year_from = activity.year_to = YEAR
    return activity


def progress(activity: Activity, ids):
    return evaluate_activity(
        activity,
        YEAR,
        today=JUDGED_ON,
        starts_on=dt.date(YEAR, 1, 1),
        ends_on=LAST_DAY,
        records=[],
        organization_ids=ids,
    )


def test_every_bound_line_has_a_case():
    bound = {
        f"{section}.{measure}.{order}"
        for section, measure, order in Activity.objects.filter(
            measure__section__programme__year_from=2023
        )
        .exclude(metric_key="")
        .values_list("measure__section__number", "measure__number", "order")
    }
    assert bound == {code for code, _key, _setup, _action in CASES}
    assert len(CASES) == 45


@pytest.mark.parametrize(("code", "key", "setup", "action"), CASES, ids=[case[0] for case in CASES])
def test_the_feature_moves_its_line(
    code, key, setup, action, django_capture_on_commit_callbacks, settings
):  # noqa: E501
    activity = line(code)
    assert activity.metric_key == key
    scene = Scene(django_capture_on_commit_callbacks, settings)
    setup(scene)
    before = progress(activity, scene.ids)
    action(scene)
    after = progress(activity, scene.ids)
    assert after.source == "metric", after.note
    assert after.progress is not None and after.progress > (before.progress or 0), (
        before.note,
        after.note,
    )


@pytest.mark.parametrize("key", sorted({case[1] for case in CASES}))
def test_the_metrics_of_the_lines_take_constant_queries(key, settings):
    """Values and the total of each bound metric for 2 and for 30 PPOs: the same, small number
    of queries (aggregates, never one per PPO)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.metrics import registry

    metric = registry.get(key)
    period = Period.for_year(YEAR)
    counts = []
    for size in (2, 30):
        organizations = OrganizationFactory.create_batch(size)
        for organization in organizations:
            AppointmentFactory(organization=organization)
        ids = [o.pk for o in organizations]
        with CaptureQueriesContext(connection) as queries:
            metric.values(period, ids)
            metric.total(period, ids)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts


def test_the_migration_binds_every_programme_by_text_and_keeps_staff_choices():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("programme.migrations.0008_bind_lines_to_metrics")
    first = Programme.objects.get(year_from=2023)
    copy = programme_services.programme_copy(
        programme=first, title="Следующая программа", year_from=2026, year_to=2028
    )
    mailing = Activity.objects.get(measure__section__programme=copy, text="E-mail - рассылка;")
    evidence = Activity.objects.get(
        measure__section__programme=copy, text__startswith="Освоение и работа в системе"
    )
    migration.unbind(apps, None)
    mailing.refresh_from_db()
    assert mailing.metric_key == "" and mailing.target_value is None
    staff_line = Activity.objects.get(measure__section__programme=first, text="E-mail - рассылка;")
    Activity.objects.filter(pk=staff_line.pk).update(
        metric_key="documents.mailing_letters", target_rule="at_least", target_value=500
    )
    Activity.objects.filter(pk=evidence.pk).update(evidence_text="")
    migration.bind(apps, None)
    mailing.refresh_from_db()
    evidence.refresh_from_db()
    staff_line.refresh_from_db()
    assert (mailing.metric_key, mailing.target_rule, mailing.target_value) == (
        "documents.mailings_sent",
        "at_least",
        Decimal(12),
    )
    assert staff_line.metric_key == "documents.mailing_letters"  # the staff's choice stays
    assert evidence.evidence_text.startswith("Отметка аппарата о работе в «Битрикс 24»")
    # Every line of the first programme is bound or says what counts as evidence.
    lines = Activity.objects.filter(measure__section__programme=first)
    assert not lines.filter(metric_key="", evidence_text="").exists()


def test_an_evidence_line_says_on_its_page_what_counts(client):
    from django.urls import reverse

    from tests.factories import presidium_user

    activity = line("I.2.3")
    client.force_login(presidium_user())
    html = client.get(
        reverse("programme:measure_detail", args=[activity.measure_id]) + "?year=2025"
    ).content.decode()
    assert "Что считается подтверждением" in html
    assert "Отметка аппарата о работе в «Битрикс 24»" in html
    bound = line("I.4.4")
    html = client.get(
        reverse("programme:measure_detail", args=[bound.measure_id]) + "?year=2025"
    ).content.decode()
    assert "Считается по показателю портала" in html
    assert "E-mail-рассылки (письма ответственным и дайджесты новостей), отправленные" in html


def test_the_coverage_command_prints_each_line_and_the_count():
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("programme_coverage", "--year", "2025", stdout=out)
    text = out.getvalue()
    assert "с источником-показателем: 45" in text and "Строк: 66" in text
    assert "I.4.4    documents.mailings_sent" in text
    assert "I.2.3    свидетельства" in text
    with pytest.raises(CommandError, match="Нет программы, действующей в 2019 году"):
        call_command("programme_coverage", "--year", "2019")
    with pytest.raises(CommandError, match="Программы № 0 нет"):
        call_command("programme_coverage", "--programme", "0")
