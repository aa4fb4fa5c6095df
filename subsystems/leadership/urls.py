from django.urls import path

from subsystems.leadership import views

urlpatterns = [
    path("walkthroughs/", views.walkthrough_list, name="walkthrough_list"),
    path("walkthroughs/new/", views.walkthrough_create, name="walkthrough_create"),
    path("walkthroughs/calibration/", views.calibration_view, name="walkthrough_calibration"),
    path("walkthroughs/trends/", views.trend_view, name="walkthrough_trends"),
    path(
        "walkthroughs/<uuid:walkthrough_id>/", views.walkthrough_detail, name="walkthrough_detail"
    ),
    path(
        "walkthroughs/<uuid:walkthrough_id>/edit/", views.walkthrough_edit, name="walkthrough_edit"
    ),
    path(
        "walkthroughs/<uuid:walkthrough_id>/delete/",
        views.walkthrough_delete,
        name="walkthrough_delete",
    ),
    path(
        "walkthroughs/<uuid:walkthrough_id>/restore/",
        views.walkthrough_restore,
        name="walkthrough_restore",
    ),
    path(
        "walkthroughs/<uuid:walkthrough_id>/acknowledge/",
        views.walkthrough_acknowledge,
        name="walkthrough_acknowledge",
    ),
    path(
        "walkthroughs/<uuid:walkthrough_id>/calibrate/",
        views.walkthrough_calibrate,
        name="walkthrough_calibrate",
    ),
    path("settings/look-fors/", views.look_for_list, name="look_for_list"),
    path("settings/look-fors/forms/new/", views.look_for_set_edit, name="look_for_set_create"),
    path(
        "settings/look-fors/forms/<uuid:look_for_set_id>/",
        views.look_for_set_edit,
        name="look_for_set_edit",
    ),
    path("settings/look-fors/new/", views.look_for_edit, name="look_for_create"),
    path("settings/look-fors/<uuid:look_for_id>/", views.look_for_edit, name="look_for_edit"),
]
