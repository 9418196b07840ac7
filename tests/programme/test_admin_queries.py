"""The programme's admin lists run a constant number of queries, whatever the number of rows."""

import datetime as dt

import pytest
from django.urls import reverse

from programme.models import Attendance, Measure, Programme, Section, Training
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

BOUND = 12


def grow(n: int, tag: str):
    programme = Programme.objects.create(
        title=f"Программа {tag}", year_from=2030, year_to=2031, approved_on=dt.date(2029, 12, 1)
    )
    for i in range(n):
        section = Section.objects.create(
            programme=programme, number=i + 1, title=f"Раздел {tag}{i}", responsible="chro"
        )
        Measure.objects.create(section=section, number=1, title=f"Мероприятие {tag}{i}")
        training = Training.objects.create(
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i), topic=f"Тема {tag}{i}", format="video"
        )
        Attendance.objects.create(training=training, user=staff_user())


@pytest.mark.parametrize("model", ["section", "measure", "training"])
def test_changelists_query_count_does_not_grow(client, world, model, django_assert_max_num_queries):
    client.force_login(world.staff)
    url = reverse(f"admin:programme_{model}_changelist")
    grow(2, "a")
    with django_assert_max_num_queries(BOUND):
        assert client.get(url).status_code == 200
    grow(15, "b")
    with django_assert_max_num_queries(BOUND):
        assert client.get(url).status_code == 200


def test_counts_are_right(client, world):
    client.force_login(world.staff)
    training = Training.objects.create(date=dt.date(2025, 1, 1), topic="Счёт", format="video")
    Attendance.objects.create(training=training, user=staff_user())
    Attendance.objects.create(training=training, user=staff_user(), attended=False)
    page = client.get(reverse("admin:programme_training_changelist")).content.decode()
    assert '<td class="field-attendee_count">1</td>' in page
    # A search across activities joins them: the count must not multiply.
    measure = Measure.objects.filter(activities__isnull=False).order_by("pk").first()
    page = client.get(reverse("admin:programme_measure_changelist") + "?q=" + measure.title[:20])
    expected = f'<td class="field-activity_count">{measure.activities.count()}</td>'
    assert expected in page.content.decode()
