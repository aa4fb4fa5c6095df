from django.urls import path

from setup import views

# Included under /operator/: superusers only, 404 for everyone else.
urlpatterns = [
    path("", views.operator_districts, name="operator_districts"),
    path("new/", views.operator_district_create, name="operator_district_create"),
    path("<slug:slug>/", views.operator_district, name="operator_district"),
    path("<slug:slug>/reopen/", views.operator_district_reopen, name="operator_district_reopen"),
]
