from django.urls import path

from audit import views

urlpatterns = [
    path("settings/audit/", views.audit_log, name="audit_log"),
    path("hours/me/views/", views.my_record_views, name="my_record_views"),
]
