from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("cabinet/reports/", views.MonthlyReportListView.as_view(), name="monthly_list"),
    path(
        "cabinet/reports/<int:year>/<int:month>/",
        views.MonthlyReportEditView.as_view(),
        name="monthly_edit",
    ),
    path("staff/reports/", views.ReportMatrixView.as_view(), name="matrix"),
    path("staff/reports/export/", views.ReportMatrixExportView.as_view(), name="matrix_export"),
    path("staff/reports/<int:pk>/", views.MonthlyReportReviewView.as_view(), name="monthly_review"),
    path("staff/reports/cc/", views.CentralCommitteeReportListView.as_view(), name="cc_list"),
    path(
        "staff/reports/cc/compile/",
        views.CentralCommitteeReportCompileView.as_view(),
        name="cc_compile",
    ),
    path(
        "staff/reports/cc/<int:pk>/",
        views.CentralCommitteeReportDetailView.as_view(),
        name="cc_detail",
    ),
    path(
        "staff/reports/cc/<int:pk>/print/",
        views.CentralCommitteeReportPrintView.as_view(),
        name="cc_print",
    ),
    path(
        "staff/reports/cc/<int:pk>/xlsx/",
        views.CentralCommitteeReportXlsxView.as_view(),
        name="cc_xlsx",
    ),
    path(
        "staff/reports/cc/<int:pk>/send/",
        views.CentralCommitteeReportSendView.as_view(),
        name="cc_send",
    ),
    path(
        "staff/reports/cc/<int:pk>/recompile/",
        views.CentralCommitteeReportRecompileView.as_view(),
        name="cc_recompile",
    ),
    path(
        "staff/reports/cc/<int:pk>/correct/",
        views.CentralCommitteeReportCorrectView.as_view(),
        name="cc_correct",
    ),
    path("staff/reports/stale/", views.FrozenOutputsStaleView.as_view(), name="stale"),
    path(
        "rating/versions/<int:pk>/recompute/",
        views.RatingActionView.as_view(action="recompute"),
        name="rating_recompute",
    ),
    path(
        "rating/versions/<int:pk>/publish/",
        views.RatingActionView.as_view(action="publish"),
        name="rating_publish",
    ),
    path(
        "rating/versions/<int:pk>/correct/",
        views.RatingActionView.as_view(action="correct"),
        name="rating_correct",
    ),
    path("staff/rating/", views.RatingPreviewView.as_view(), name="rating_preview"),
    path(
        "staff/rating/compute/",
        views.RatingPreviewComputeView.as_view(),
        name="rating_preview_compute",
    ),
    path(
        "staff/rating/progress/",
        views.RatingPreviewProgressView.as_view(),
        name="rating_preview_progress",
    ),
    path("cabinet/rating/", views.OfficerRatingView.as_view(), name="rating_officer"),
    path("rating/", views.RatingTableView.as_view(), name="rating_table"),
    path("rating/export/", views.RatingExportView.as_view(), name="rating_export"),
    path("rating/criteria/", views.RatingCriteriaView.as_view(), name="rating_criteria"),
    path("cabinet/surveys/", views.SurveyListView.as_view(), name="survey_list"),
    path("cabinet/surveys/<int:pk>/", views.SurveyAnswerView.as_view(), name="survey_answer"),
    path(
        "surveys/<int:pk>/files/<int:organization>/<int:question>/",
        views.SurveyFileView.as_view(),
        name="survey_file",
    ),
    path("staff/surveys/", views.SurveyIndexView.as_view(), name="survey_index"),
    path("staff/surveys/<int:pk>/", views.SurveyResultsView.as_view(), name="survey_results"),
    path("staff/surveys/<int:pk>/export/", views.SurveyExportView.as_view(), name="survey_export"),
]
