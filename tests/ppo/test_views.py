import pytest
from django.urls import reverse
from django.utils import timezone

from ppo.models import Channel, MembershipSnapshot, SubscriberCount
from tests.factories import AppointmentFactory, ChannelFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    appointment = AppointmentFactory()
    client.force_login(appointment.user)
    return appointment


def test_bad_channel_keeps_input_and_explains_next_to_the_field(client, officer):
    response = client.post(
        reverse("ppo:channel_create"),
        {
            "platform": "telegram",
            "url": "https://vk.com/club1",
            "title": "Наш канал",
            "is_public": "on",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "https://t.me/" in form.errors["url"][0]
    assert 'value="Наш канал"' in response.content.decode()
    assert not Channel.objects.exists()


def test_negative_count_is_refused(client, officer):
    channel = ChannelFactory(organization=officer.organization)
    response = client.post(
        reverse("ppo:channel_detail", args=[channel.pk]), {"date": "2025-03-31", "count": "-3"}
    )
    assert "отрицательным" in response.context["form"].errors["count"][0]
    assert not SubscriberCount.objects.exists()


def test_crafted_post_to_another_ppo_channel_is_404(client, officer):
    foreign = ChannelFactory(organization=OrganizationFactory())
    for name in ("ppo:channel_detail", "ppo:channel_update", "ppo:channel_retire"):
        response = client.post(
            reverse(name, args=[foreign.pk]),
            {
                "date": "2025-03-31",
                "count": "5",
                "title": "x",
                "platform": "vk",
                "url": "https://vk.com/x",
            },
        )
        assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.retired_on is None and not foreign.counts.exists()


def test_membership_form_keeps_input_when_members_exceed_employees(client, officer):
    response = client.post(
        reverse("ppo:membership"),
        {"month": "2025-03", "employees": "100", "members": "150", "joined": "0", "left": "0"},
    )
    assert "больше, чем работников" in response.context["form"].errors["members"][0]
    assert 'value="150"' in response.content.decode()
    assert not MembershipSnapshot.objects.exists()


def test_membership_month_accepts_russian_format(client, officer):
    month = timezone.localdate().replace(day=1)
    response = client.post(
        reverse("ppo:membership"),
        {
            "month": f"{month:%m.%Y}",
            "employees": "100",
            "members": "80",
            "joined": "2",
            "left": "1",
        },
    )
    assert response.status_code == 302
    assert MembershipSnapshot.objects.get().month == month


def test_retire_and_restore_a_channel(client, officer):
    channel = ChannelFactory(organization=officer.organization)
    client.post(reverse("ppo:channel_retire", args=[channel.pk]))
    channel.refresh_from_db()
    assert channel.retired_on is not None
    response = client.get(reverse("ppo:organization_detail", args=[officer.organization.slug]))
    assert channel.url not in response.content.decode()
    client.post(reverse("ppo:channel_retire", args=[channel.pk]))
    channel.refresh_from_db()
    assert channel.retired_on is None


def test_public_pages_hide_private_channels(client):
    organization = OrganizationFactory()
    shown = ChannelFactory(organization=organization, is_public=True)
    hidden = ChannelFactory(organization=organization, is_public=False)
    body = client.get(reverse("ppo:organization_detail", args=[organization.slug])).content.decode()
    assert shown.url in body and hidden.url not in body


def test_inactive_ppo_page_is_404(client):
    organization = OrganizationFactory(is_active=False)
    response = client.get(reverse("ppo:organization_detail", args=[organization.slug]))
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["ppo:organization_list", "ppo:cabinet"])
def test_pages_queries_do_not_grow(client, url_name, django_assert_max_num_queries):
    appointment = AppointmentFactory()
    client.force_login(appointment.user)
    for n in (3, 30):
        for organization in OrganizationFactory.create_batch(n):
            ChannelFactory.create_batch(2, organization=organization)
        ChannelFactory.create_batch(n, organization=appointment.organization)
        # The navigation's due-items badge is computed once after a change, then cached (two
        # cache reads); the cabinet's home lists the due items of every app (their queries are
        # fixed too, tests/portal/test_due.py).
        client.get(reverse(url_name))
        with django_assert_max_num_queries(12 if url_name == "ppo:organization_list" else 40):
            assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("month", ["0000-05", "10000-05", "13.2025", "май"])
def test_membership_month_out_of_range_is_a_form_error(client, officer, month):
    response = client.post(
        reverse("ppo:membership"),
        {"month": month, "employees": "100", "members": "80", "joined": "0", "left": "0"},
    )
    assert response.status_code == 200
    assert "ММ.ГГГГ" in response.context["form"].errors["month"][0]


@pytest.mark.parametrize(
    "url",
    [
        "/equipment/budgets/?year=%C2%B2",
        "/equipment/issue/?item=%C2%B2",
        "/staff/reports/?year=%C2%B2",
        "/rating/?year=%C2%B2",
        "/dashboard/?year=%C2%B2",
        "/staff/reports/?year=99999999999999999999",
    ],
)
def test_odd_numbers_in_query_strings_are_ignored_not_500(client, url):
    from tests.factories import staff_user

    client.force_login(staff_user())
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("path", ["/cabinet/reports/0/5/", "/cabinet/reports/10000/5/"])
def test_impossible_report_months_are_404(client, officer, path):
    assert client.get(path).status_code == 404


def test_cabinet_budget_odd_year(client, officer):
    assert client.get("/cabinet/budget/?year=%C2%B2").status_code == 200
