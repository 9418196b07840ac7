"""Dates typed into forms stay within 2000-01-01 … today + 5 years (portal/forms.py)."""

import datetime as dt

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.forms import BoundedDateField, MonthField, date_window
from ppo.models import OfficerAppointment, SubscriberCount
from tests.factories import AppointmentFactory, ChannelFactory, staff_user

pytestmark = pytest.mark.django_db


def test_the_window_runs_from_2000_to_five_years_ahead():
    first, last = date_window()
    today = timezone.localdate()
    assert first == dt.date(2000, 1, 1)
    assert last.year == today.year + 5 and last.month == today.month


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_a_date_outside_is_refused_in_russian(typed):
    field = BoundedDateField()
    message = r"Укажите дату с 01\.01\.2000 по \d\d\.\d\d\.\d{4}\."
    with pytest.raises(ValidationError, match=message):
        field.clean(typed)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01", "Укажите месяц в виде ММ.ГГГГ"),
        ("9999-12", "Укажите месяц в виде ММ.ГГГГ"),
        ("1999-12", "Укажите дату с 01.01.2000"),
    ],
)
def test_a_month_outside_is_refused_in_russian(typed, message):
    with pytest.raises(ValidationError, match=message):
        MonthField().clean(typed)


def test_dates_inside_are_kept():
    field = BoundedDateField()
    assert field.clean("2000-01-01") == dt.date(2000, 1, 1)
    assert field.clean(date_window()[1].isoformat()) == date_window()[1]
    assert 'min="2000-01-01"' in field.widget.render("d", None)


def test_an_officer_form_shows_the_message_next_to_the_field_and_keeps_the_input(client):
    appointment = AppointmentFactory()
    channel = ChannelFactory(organization=appointment.organization)
    client.force_login(appointment.user)
    for typed in ("0001-01-01", "9999-12-31"):
        response = client.post(
            reverse("ppo:channel_detail", args=[channel.pk]), {"date": typed, "count": "120"}
        )
        assert response.status_code == 200
        assert "Укажите дату с 01.01.2000" in response.context["form"].errors["date"][0]
        assert 'value="120"' in response.content.decode()
    assert not SubscriberCount.objects.exists()


def test_admin_date_fields_are_bounded_too(client):
    staff = staff_user()
    model_admin = admin.site._registry[OfficerAppointment]
    request = RequestFactory().get("/")
    request.user = staff
    form_class = model_admin.get_form(request)
    assert isinstance(form_class.base_fields["starts_on"], BoundedDateField)
    with pytest.raises(ValidationError, match="Укажите дату с 01.01.2000"):
        form_class.base_fields["starts_on"].clean("31.12.9999")
    # The admin's date and time pair of a DateTimeField as well (the person's date_joined).
    from portal.models import User

    field = admin.site._registry[User].formfield_for_dbfield(
        User._meta.get_field("date_joined"), request
    )
    with pytest.raises(ValidationError, match="Укажите дату с 01.01.2000"):
        field.clean(["01.01.0001", "10:00"])
    assert field.clean(["01.03.2025", "10:00"]).year == 2025


def test_inlines_of_the_admin_are_bounded():
    """Every registered admin and inline gets the bounded date fields (portal/admin_site.py)."""
    from django.db import models

    for model_admin in admin.site._registry.values():
        classes = [type(model_admin), *model_admin.inlines]
        for admin_class in classes:
            overrides = admin_class.formfield_overrides
            assert overrides[models.DateField]["form_class"] is BoundedDateField, admin_class
