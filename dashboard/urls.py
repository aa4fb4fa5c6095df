from django.urls import path

from dashboard import views

urlpatterns = [
    path("dashboard/", views.district_dashboard, name="dashboard"),
    path("dashboard/schools/<uuid:school_id>/", views.school_dashboard, name="school_dashboard"),
    path("settings/indicators/", views.indicator_goals, name="indicator_goals"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<uuid:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:report_id>/again/", views.report_regenerate, name="report_regenerate"),
    path("reports/<uuid:report_id>/download/", views.report_download, name="report_download"),
]
