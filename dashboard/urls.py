from django.urls import path

from dashboard import views

urlpatterns = [
    path("dashboard/", views.district_dashboard, name="dashboard"),
    path("dashboard/schools/<uuid:school_id>/", views.school_dashboard, name="school_dashboard"),
    path("settings/indicators/", views.indicator_goals, name="indicator_goals"),
]
