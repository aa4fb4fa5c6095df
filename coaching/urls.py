from django.urls import path

from coaching import views

urlpatterns = [
    path("coaching/", views.caseload, name="coaching_caseload"),
    path("coaching/cycles/new/", views.cycle_create, name="coaching_cycle_create"),
    path("coaching/cycles/<uuid:cycle_id>/", views.cycle_detail, name="coaching_cycle"),
    path("coaching/cycles/<uuid:cycle_id>/edit/", views.cycle_edit, name="coaching_cycle_edit"),
    path(
        "coaching/cycles/<uuid:cycle_id>/sessions/new/",
        views.session_create,
        name="coaching_session_create",
    ),
    path(
        "coaching/sessions/<uuid:coaching_session_id>/",
        views.session_edit,
        name="coaching_session_edit",
    ),
    path(
        "coaching/sessions/<uuid:coaching_session_id>/delete/",
        views.session_delete,
        name="coaching_session_delete",
    ),
    path(
        "coaching/sessions/<uuid:coaching_session_id>/acknowledge/",
        views.session_acknowledge,
        name="coaching_session_acknowledge",
    ),
    path(
        "coaching/sessions/<uuid:coaching_session_id>/restore/",
        views.session_restore,
        name="coaching_session_restore",
    ),
    path("coaching/time/", views.coach_time, name="coach_time"),
]
