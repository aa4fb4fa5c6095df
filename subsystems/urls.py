from django.urls import path

from subsystems import views
from subsystems import walkthrough_views as walks

urlpatterns = [
    path("pd/", views.session_list, name="pd_sessions"),
    path("pd/new/", views.session_create, name="pd_session_create"),
    path("pd/<uuid:session_id>/", views.session_edit, name="pd_session_edit"),
    path("pd/<uuid:session_id>/delete/", views.session_delete, name="pd_session_delete"),
    path("pd/<uuid:session_id>/attendance/", views.session_attendance, name="pd_attendance"),
    path("walkthroughs/", walks.walkthrough_list, name="walkthrough_list"),
    path("walkthroughs/new/", walks.walkthrough_create, name="walkthrough_create"),
    path("walkthroughs/calibration/", walks.calibration_view, name="walkthrough_calibration"),
    path("walkthroughs/trends/", walks.trend_view, name="walkthrough_trends"),
    path(
        "walkthroughs/<uuid:walkthrough_id>/", walks.walkthrough_detail, name="walkthrough_detail"
    ),
    path(
        "walkthroughs/<uuid:walkthrough_id>/edit/", walks.walkthrough_edit, name="walkthrough_edit"
    ),
    path(
        "walkthroughs/<uuid:walkthrough_id>/calibrate/",
        walks.walkthrough_calibrate,
        name="walkthrough_calibrate",
    ),
    path("settings/look-fors/", walks.look_for_list, name="look_for_list"),
    path("settings/look-fors/forms/new/", walks.look_for_set_edit, name="look_for_set_create"),
    path(
        "settings/look-fors/forms/<uuid:look_for_set_id>/",
        walks.look_for_set_edit,
        name="look_for_set_edit",
    ),
    path("settings/look-fors/new/", walks.look_for_edit, name="look_for_create"),
    path("settings/look-fors/<uuid:look_for_id>/", walks.look_for_edit, name="look_for_edit"),
]
