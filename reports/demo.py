"""Demo data of reports: monthly reports of the PPOs for the last months (some late, some
missing); once every app's data is there, the reports to the Central Committee (the previous
month's not sent yet, an earlier one followed by a corrected version) and the ratings."""

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from portal import uploads
from portal.periods import MOSCOW, Period
from ppo.models import MembershipSnapshot, PrimaryOrganization
from ppo.selectors import organizations_active

from . import selectors
from .models import (
    CentralCommitteeReport,
    PpoMonthlyReport,
    Rating,
    Survey,
    SurveyFileAnswer,
    SurveyResponse,
)
from .services import (
    cc_report_compile,
    cc_report_correct,
    cc_report_send,
    frozen_outputs_check,
    monthly_report_remind_in_portal,
    rating_compute,
    rating_default_scheme,
    rating_publish,
)
from .surveys import survey_notify_assigned

EVENTS = [
    "Торжественное собрание ко Дню медицинского работника (демо)",
    "Турнир по волейболу среди отделений (демо)",
    "Акция «Профсоюз — это мы!» в приёмном отделении (демо)",
    "Встреча с молодыми специалистами (демо)",
]


def load(*, users) -> None:
    rng = random.Random(2025)
    # The other periodicals from their own generator, so that the figures above stay as they were.
    periodicals = random.Random(53)
    current = Period.current_month()
    # Two years of monthly reports, so that the matrix, the dashboard and the rating have history.
    months = []
    month = current.previous()
    while month >= Period.month(2025, 1):
        months.insert(0, month)
        month = month.previous()
    organizations = list(organizations_active().order_by("pk"))
    for period in months:
        is_last = period == current.previous()
        for organization in organizations:
            # The demo officer of ППО РКБ still has the last month to fill in.
            if rng.random() < 0.15 or (is_last and organization.slug == "rkb"):
                continue
            day = rng.choice([1, 2, 3, 4, 5, 5, 6, 9])
            submitted = dt.datetime.combine(
                period.next().first_day.replace(day=day), dt.time(10 + rng.randint(0, 7)), MOSCOW
            )
            if submitted.date() > selectors.today():
                continue
            slug = organization.slug
            PpoMonthlyReport.objects.create(
                organization=organization,
                month=period.first_day,
                status=PpoMonthlyReport.Status.SUBMITTED
                if is_last
                else PpoMonthlyReport.Status.ACCEPTED,
                figures=selectors.monthly_figures(organization.pk, period),
                social_posts="\n".join(
                    f"https://vk.com/wall-{1000 + organization.pk}_{rng.randint(100, 999)}"
                    for _ in range(rng.randint(1, 6))
                ),
                union_page_checked=True,
                union_page_url=organization.union_page_url or f"https://{slug}.med.cap.ru/",
                union_page_updated=rng.random() < 0.6,
                stand_updates=rng.randint(0, 3),
                subscriptions_solidarnost=rng.randint(0, 5),
                subscriptions_puls=rng.randint(0, 10),
                subscriptions_vremya=periodicals.randint(0, 4),
                subscriptions_tema=periodicals.randint(0, 3),
                events_covered=rng.choice(EVENTS),
                problems="Нужен фотоаппарат для съёмки мероприятий (демо)"
                if rng.random() < 0.2
                else "",
                first_submitted_at=submitted,
                submitted_at=submitted,
                reviewed_at=None if is_last else submitted + dt.timedelta(days=2),
                reviewed_by=None if is_last else users["info"],
            )
    _survey(organizations, rng)
    _past_surveys(organizations)


def finish(*, users) -> None:
    """After every app's demo data: the reports to the Central Committee and the ratings, made
    from all of it; then a correction of data after the fact, so that the pages show what a
    frozen output does when its month's data change."""
    current = Period.current_month()
    months = []
    month = current.previous()
    while month >= Period.month(2025, 1):
        months.insert(0, month)
        month = month.previous()
    staff = users["info"]
    # Reports to the Central Committee: the past ones sent, the last month's waiting for review.
    for period in months:
        report = cc_report_compile(period=period)
        if period != current.previous():
            cc_report_send(
                user=staff, report=report, commentary="Отчёт проверен, замечаний нет (демо)."
            )
    # The rating: the two past years published, a preview of the current year.
    for year in (current.year - 2, current.year - 1, current.year):
        rating_default_scheme(year=year)
        rating_compute(year=year)
        if year < current.year:
            rating_publish(user=staff, rating_run=Rating.objects.get(year=year))
    # The officer of ГКБ № 1 corrects the membership of a month already reported to the Central
    # Committee: staff send a corrected report, the sent one is kept.
    corrected = months[-3]
    _correct_membership("gkb1", corrected, -6)
    sent = CentralCommitteeReport.objects.get(month=corrected.first_day, version=1)
    correction = cc_report_correct(user=staff, report=sent)
    cc_report_send(
        user=staff,
        report=correction,
        commentary="Исправлена численность членов профсоюза ППО ГКБ № 1 по уточнённым данным "
        "ППО (демо).",
    )
    # ... and the officer of РКБ corrects the last month after its report was compiled: its page
    # shows «Данные изменились после формирования» and offers to compile it again.
    _correct_membership("rkb", current.previous(), 4)
    frozen_outputs_check()
    # The reminder of the 1st of this month, in the portal, for the PPOs that have not filed
    # the last month's report (the bell of those officers shows it).
    monthly_report_remind_in_portal(current.first_day)


def _correct_membership(slug: str, period: Period, delta: int) -> None:
    """The PPO's officer corrects the month's number of members (reports reads the spine's
    models only, so the demo writes the row the officer's form would)."""
    organization = PrimaryOrganization.objects.get(slug=slug)
    snapshot = (
        MembershipSnapshot.objects.filter(organization=organization, month__lte=period.first_day)
        .order_by("-month")
        .first()
    )
    if snapshot is None:
        return
    members = max(0, min(snapshot.employees, snapshot.members + delta))
    MembershipSnapshot.objects.update_or_create(
        organization=organization,
        month=period.first_day,
        defaults={"employees": snapshot.employees, "members": members},
    )


def _survey(organizations, rng) -> None:
    survey = Survey.objects.create(
        title="Оценка информационных ресурсов ППО (демо)",
        description="Ответьте, пожалуйста, на вопросы об информационных ресурсах вашей ППО.",
        deadline=selectors.today() + dt.timedelta(days=20),
        is_published=True,
        feeds_score=True,
    )
    page = survey.questions.create(
        order=1,
        text="Есть ли профсоюзная страница на сайте медорганизации?",
        kind="yes_no",
        score=40,
    )
    stand = survey.questions.create(
        order=2, text="Есть ли профсоюзный стенд в каждом корпусе?", kind="yes_no", score=30
    )
    survey.questions.create(
        order=3,
        text="Где ППО публикует новости?",
        kind="multiple",
        options="ВКонтакте\nTelegram\nОдноклассники\nСайт медорганизации",
    )
    survey.questions.create(order=4, text="Сколько человек в группе ППО ВКонтакте?", kind="number")
    photo = survey.questions.create(
        order=5, text="Фото профсоюзного стенда", kind="file", required=False
    )
    survey_notify_assigned(survey=survey, before=set())
    for number, organization in enumerate(organizations[: len(organizations) // 2]):
        if organization.slug == "rkb":
            continue
        response = SurveyResponse.objects.create(
            survey=survey,
            organization=organization,
            answers={str(page.pk): rng.random() < 0.7, str(stand.pk): rng.random() < 0.5},
            submitted_at=timezone.now(),
        )
        if number % 2 == 0:
            # A photo of the stand, through the pipeline like any upload (re-encoded PNG).
            file = uploads.check_upload(
                ContentFile(_stand_photo(organization.pk), name="стенд (демо).png"),
                "survey_answer",
            )
            SurveyFileAnswer.objects.create(
                response=response, question=photo, file=file, original_name=file.original_name
            )


def _stand_photo(organization_pk: int) -> bytes:
    """A picture standing in for a photo of a union stand, marked DEMO."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (230, 236, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 440, 280), fill=(255, 255, 255), outline=(30, 80, 160), width=6)
    draw.text((70, 70), "DEMO: union stand", fill=(30, 80, 160))
    draw.text((70, 100), f"PPO #{organization_pk}", fill=(90, 90, 90))
    output = BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def _past_surveys(organizations) -> None:
    """The yearly surveys of earlier years (lines I.8.2 and II.6.1): most PPOs answered by the
    deadline, a few late or never."""
    rng = random.Random(862)
    today = selectors.today()
    for deadline in (dt.date(2025, 3, 14), dt.date(2026, 3, 13)):
        if deadline >= today:
            continue
        survey = Survey.objects.create(
            title=f"Анкета об информационных ресурсах ППО, {deadline.year} (демо)",
            description="Ежегодная анкета об информационных ресурсах ППО.",
            deadline=deadline,
            is_published=True,
        )
        question = survey.questions.create(
            order=1, text="Сколько у ППО групп в социальных сетях?", kind="number"
        )
        for organization in organizations:
            chance = rng.random()
            if chance > 0.92:
                continue
            days = -rng.randint(1, 20) if chance < 0.85 else rng.randint(3, 15)
            submitted = dt.datetime.combine(deadline + dt.timedelta(days=days), dt.time(11), MOSCOW)
            SurveyResponse.objects.create(
                survey=survey,
                organization=organization,
                answers={str(question.pk): rng.randint(1, 3)},
                submitted_at=submitted,
            )
