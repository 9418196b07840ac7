from django.urls import path

from . import views

app_name = "material"

urlpatterns = [
    path("equipment/issue/", views.EquipmentIssueView.as_view(), name="equipment_issue"),
    path("equipment/acts/<int:pk>/", views.TransferActView.as_view(), name="transfer_act"),
    path(
        "equipment/acts/<int:pk>/scan/",
        views.TransferActScanView.as_view(),
        name="transfer_act_scan",
    ),
    path(
        "equipment/items/<int:pk>/",
        views.EquipmentDetailView.as_view(),
        name="equipment_detail",
    ),
    path(
        "equipment/items/<int:pk>/write-off-document/",
        views.EquipmentWriteOffDocumentView.as_view(),
        name="equipment_write_off_document",
    ),
    path(
        "equipment/issues/<int:pk>/document/",
        views.EquipmentIssueDocumentView.as_view(),
        name="equipment_issue_document",
    ),
    path("equipment/handover/", views.HandoverListView.as_view(), name="handover_list"),
    path(
        "cabinet/equipment/",
        views.EquipmentCabinetView.as_view(),
        name="equipment_cabinet",
    ),
    path(
        "cabinet/equipment/acts/<int:pk>/confirm/",
        views.TransferActConfirmView.as_view(),
        name="transfer_act_confirm",
    ),
    path(
        "cabinet/equipment/handover/<int:pk>/",
        views.HandoverAcceptView.as_view(),
        name="handover_accept",
    ),
    path("equipment/budgets/", views.BudgetOverviewView.as_view(), name="budget_overview"),
    path("cabinet/budget/", views.BudgetCabinetView.as_view(), name="budget_cabinet"),
]
