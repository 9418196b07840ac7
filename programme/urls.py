from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "dashboard/measures/<int:pk>/",
        views.MeasureDetailView.as_view(),
        name="measure_detail",
    ),
    path(
        "dashboard/ppos/",
        views.DashboardOrganizationListView.as_view(),
        name="dashboard_organizations",
    ),
    path(
        "dashboard/ppos/<int:pk>/",
        views.DashboardOrganizationView.as_view(),
        name="dashboard_organization",
    ),
    path(
        "dashboard/lines/<int:pk>/",
        views.ActivityCountView.as_view(),
        name="activity_count",
    ),
    path("cabinet/programme/", views.CabinetProgrammeView.as_view(), name="cabinet"),
    path(
        "programme/records/<int:pk>/evidence/",
        views.EvidenceFileView.as_view(),
        name="evidence_file",
    ),
    path(
        "programme/trainings/<int:pk>/materials/",
        views.TrainingMaterialsFileView.as_view(),
        name="training_materials",
    ),
    path(
        "programme/commission-meetings/<int:pk>/minutes/",
        views.CommissionMinutesFileView.as_view(),
        name="commission_minutes",
    ),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path(
        "programmes/<int:pk>/final-report/",
        views.FinalReportView.as_view(),
        name="final_report",
    ),
    path(
        "programmes/<int:pk>/final-report/print/",
        views.FinalReportPrintView.as_view(),
        name="final_report_print",
    ),
    path(
        "programmes/<int:pk>/final-report/xlsx/",
        views.FinalReportXlsxView.as_view(),
        name="final_report_xlsx",
    ),
    path(
        "programmes/presidium-report/",
        views.PresidiumReportView.as_view(),
        name="presidium_report",
    ),
    path(
        "programmes/presidium-report/print/",
        views.PresidiumReportPrintView.as_view(),
        name="presidium_report_print",
    ),
    path(
        "programmes/presidium-report/save/",
        views.PresidiumReportSaveView.as_view(),
        name="presidium_report_save",
    ),
    path(
        "programmes/presidium-reports/<int:pk>/",
        views.PresidiumReportDetailView.as_view(),
        name="presidium_report_detail",
    ),
    path(
        "programmes/presidium-reports/<int:pk>/print/",
        views.PresidiumReportVersionPrintView.as_view(),
        name="presidium_report_version_print",
    ),
]
