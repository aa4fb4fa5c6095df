from django.urls import path

from plcs import views

urlpatterns = [
    path("plcs/", views.team_list, name="plc_teams"),
    path("plcs/teams/new/", views.team_create, name="plc_team_create"),
    path("plcs/teams/<uuid:team_id>/", views.team_detail, name="plc_team_detail"),
    path("plcs/teams/<uuid:team_id>/edit/", views.team_edit, name="plc_team_edit"),
    path(
        "plcs/teams/<uuid:team_id>/meetings/new/", views.meeting_create, name="plc_meeting_create"
    ),
    path("plcs/meetings/<uuid:meeting_id>/", views.meeting_edit, name="plc_meeting_edit"),
    path(
        "plcs/meetings/<uuid:meeting_id>/delete/", views.meeting_delete, name="plc_meeting_delete"
    ),
    path(
        "plcs/meetings/<uuid:meeting_id>/restore/",
        views.meeting_restore,
        name="plc_meeting_restore",
    ),
]
