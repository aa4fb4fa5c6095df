from django.urls import path

from setup import views

# Included under /d/<district_slug>/
urlpatterns = [
    path("", views.district_home, name="district_home"),
    path("settings/libraries/", views.libraries, name="libraries"),
    path("settings/years/next/", views.rollover, name="school_year_rollover"),
]
