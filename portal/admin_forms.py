from django import forms
from django.contrib.auth.forms import UserChangeForm

from .models import User


class UserAddForm(forms.ModelForm):
    """Creating an account in the admin: no password, an invitation is sent instead."""

    class Meta:
        model = User
        fields = ["email", "full_name", "phone", "is_staff", "groups"]


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
