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
]
