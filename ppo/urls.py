from django.urls import path

from . import views

app_name = "ppo"

urlpatterns = [
    path("ppo/", views.OrganizationListView.as_view(), name="organization_list"),
    path("ppo/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("cabinet/", views.CabinetView.as_view(), name="cabinet"),
    path("cabinet/channels/new/", views.ChannelCreateView.as_view(), name="channel_create"),
    path("cabinet/channels/<int:pk>/", views.ChannelDetailView.as_view(), name="channel_detail"),
    path(
        "cabinet/channels/<int:pk>/edit/", views.ChannelUpdateView.as_view(), name="channel_update"
    ),
    path(
        "cabinet/channels/<int:pk>/retire/",
        views.ChannelRetireView.as_view(),
        name="channel_retire",
    ),
    path("cabinet/membership/", views.MembershipView.as_view(), name="membership"),
]

# The material base: equipment and information-work budgets.
from . import equipment_views  # noqa: E402

urlpatterns += [
    path("equipment/issue/", equipment_views.EquipmentIssueView.as_view(), name="equipment_issue"),
    path(
        "equipment/acts/<int:pk>/", equipment_views.TransferActView.as_view(), name="transfer_act"
    ),
    path(
        "equipment/acts/<int:pk>/scan/",
        equipment_views.TransferActScanView.as_view(),
        name="transfer_act_scan",
    ),
    path(
        "equipment/items/<int:pk>/",
        equipment_views.EquipmentDetailView.as_view(),
        name="equipment_detail",
    ),
    path("equipment/handover/", equipment_views.HandoverListView.as_view(), name="handover_list"),
    path(
        "cabinet/equipment/",
        equipment_views.EquipmentCabinetView.as_view(),
        name="equipment_cabinet",
    ),
    path(
        "cabinet/equipment/acts/<int:pk>/confirm/",
        equipment_views.TransferActConfirmView.as_view(),
        name="transfer_act_confirm",
    ),
    path(
        "cabinet/equipment/handover/<int:pk>/",
        equipment_views.HandoverAcceptView.as_view(),
        name="handover_accept",
    ),
    path(
        "equipment/budgets/", equipment_views.BudgetOverviewView.as_view(), name="budget_overview"
    ),
    path("cabinet/budget/", equipment_views.BudgetCabinetView.as_view(), name="budget_cabinet"),
]
