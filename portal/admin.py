from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_forms import OrganizationForm, UserAddForm, UserEditForm
from .jobs import outbox_send
from .models import Notification, Organization, OutboxJob, User
from .organization import named_lazy
from .roles import PRESIDIUM_GROUP, STAFF_GROUP
from .services import user_invite


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Staff create accounts here; a new account without a password gets an invitation."""

    verbose_name_accusative = _("пользователя")

    ordering = ["full_name"]
    list_display = ["full_name", "email", "phone", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["full_name", "email", "phone"]
    date_hierarchy = "date_joined"
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "phone", "password"]}),
        (
            _("Роли"),
            {
                "fields": ["is_active", "is_staff", "is_superuser", "groups"],
                "description": named_lazy(
                    format_lazy(
                        _(
                            "Аппарат {{name}}: отметка «статус персонала» и группа "
                            "«{staff}». Президиум: группа «{presidium}». "
                            "Ответственный ППО: назначение в разделе «Назначения "
                            "ответственных»."
                        ),
                        staff=STAFF_GROUP,
                        presidium=PRESIDIUM_GROUP,
                    )
                ),
            },
        ),
        (_("Даты"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "phone", "is_staff", "groups"],
                "description": _(
                    "Пароль не задаётся: человек получит письмо-приглашение со "
                    "ссылкой, по которой задаст пароль сам."
                ),
            },
        ),
    ]
    add_form = UserAddForm
    form = UserEditForm
    filter_horizontal = ["groups"]
    actions = ["send_invitations"]

    def get_readonly_fields(self, request, obj=None):
        # Staff manage people, but only a superuser may create another superuser.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            user_invite(user=obj)
            messages.info(request, _("Приглашение отправлено на %s.") % obj.email)

    @admin.action(description=_("Отправить приглашение (ссылку для входа)"))
    def send_invitations(self, request, queryset):
        with transaction.atomic():
            users = list(queryset.filter(is_active=True))
            for user in users:
                user_invite(user=user)
        self.message_user(
            request,
            ngettext("Отправлено %d приглашение.", "Отправлено %d приглашений.", len(users))
            % len(users),
        )


# Addresses are not verified by e-mail on this portal (accounts are created by staff), so
# allauth's e-mail address table would only confuse staff.
if admin.site.is_registered(EmailAddress):
    admin.site.unregister(EmailAddress)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """One row, created by a data migration: staff edit it, nobody adds or deletes one."""

    verbose_name_accusative = _("организацию")

    form = OrganizationForm
    fieldsets = [
        (
            _("Наименования"),
            {
                "fields": [
                    "full_name",
                    "full_name_genitive",
                    "legal_name",
                    "short_name",
                    "abbreviation",
                    "site_name",
                    "region",
                    "region_genitive",
                    "logo",
                ]
            },
        ),
        (_("Контакты"), {"fields": ["address", "phone", "email", "site_url"]}),
        (
            _("Специалист по информационной работе"),
            {"fields": ["specialist_name", "specialist_phone", "specialist_email"]},
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What the portal told whom and whether it was read: a record, written by notify() only."""

    verbose_name_accusative = _("уведомление")

    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__email", "recipient__full_name"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxJob)
class OutboxJobAdmin(admin.ModelAdmin):
    """Jobs kept while the broker was unreachable: a record to read, not to edit."""

    verbose_name_accusative = _("отложенную задачу")

    list_display = ["task", "created_at", "attempts", "sent_at", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["task", "last_error"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Отправить снова"), permissions=["view"])
    def send_again(self, request, queryset):
        jobs = list(queryset.order_by("pk"))
        sent = outbox_send(jobs=jobs, stop_on_error=False)
        self.message_user(
            request,
            ngettext(
                "Передана брокеру %(sent)d задача из %(total)d.",
                "Передано брокеру %(sent)d задач из %(total)d.",
                sent,
            )
            % {"sent": sent, "total": len(jobs)},
            messages.SUCCESS if sent == len(jobs) else messages.WARNING,
        )
