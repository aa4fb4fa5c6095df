from django.urls import path

from subsystems.pd import views

urlpatterns = [
    path("pd/", views.session_list, name="pd_sessions"),
    path("pd/new/", views.session_create, name="pd_session_create"),
    path("pd/<uuid:session_id>/", views.session_edit, name="pd_session_edit"),
    path("pd/<uuid:session_id>/delete/", views.session_delete, name="pd_session_delete"),
    path("pd/<uuid:session_id>/attendance/", views.session_attendance, name="pd_attendance"),
    path("pd/<uuid:session_id>/restore/", views.session_restore, name="pd_session_restore"),
]
