from django import forms
from django.contrib.auth.forms import UserChangeForm
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Organization, User
from .uploads import UploadField


class EmailFieldMixin:
    """One clear message for an e-mail that is taken, whatever its letter case (the database
    constraint is case-insensitive; without this the admin showed the constraint's name)."""

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise forms.ValidationError(
                _("Учётная запись с адресом %(email)s уже есть."),
                code="email_taken",
                params={"email": email},
            )
        return email


class UserAddForm(EmailFieldMixin, forms.ModelForm):
    """Creating an account in the admin: no password, an invitation is sent instead."""

    class Meta:
        model = User
        fields = ["email", "full_name", "phone", "is_staff", "groups"]


class UserEditForm(EmailFieldMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class OrganizationForm(forms.ModelForm):
    """The organization's record; the logo goes through the pipeline's UploadField (JPEG or PNG by
    content, the size limit, re-encoded): one message naming the file."""

    logo = UploadField(
        purpose="organization_logo",
        label=capfirst(Organization._meta.get_field("logo").verbose_name),
        required=False,
    )

    class Meta:
        model = Organization
        fields = [
            "full_name",
            "full_name_genitive",
            "legal_name",
            "short_name",
            "abbreviation",
            "site_name",
            "region",
            "region_genitive",
            "logo",
            "address",
            "phone",
            "email",
            "site_url",
            "specialist_name",
            "specialist_phone",
            "specialist_email",
        ]
