from django.urls import path

from subsystems import materials_views as materials
from subsystems import plan_views as plan
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
    path("plan/", plan.plan, name="plan"),
    path("plan/vision/", plan.vision_edit, name="vision_edit"),
    path("plan/objectives/new/", plan.objective_edit, name="objective_create"),
    path("plan/objectives/<uuid:objective_id>/", plan.objective_edit, name="objective_edit"),
    path(
        "plan/objectives/<uuid:objective_id>/key-results/new/",
        plan.key_result_create,
        name="key_result_create",
    ),
    path("plan/key-results/<uuid:key_result_id>/", plan.key_result_edit, name="key_result_edit"),
    path("plan/key-results/<uuid:key_result_id>/check-in/", plan.check_in, name="check_in"),
    path("plan/school-goals/", plan.school_goal_list, name="school_goals"),
    path("plan/school-goals/new/", plan.school_goal_edit, name="school_goal_create"),
    path("plan/school-goals/<uuid:goal_id>/", plan.school_goal_edit, name="school_goal_edit"),
    path("materials/", materials.material_list, name="materials"),
    path("materials/new/", materials.material_edit, name="material_create"),
    path("materials/<uuid:material_id>/", materials.material_edit, name="material_edit"),
    path("materials/units/new/", materials.unit_edit, name="unit_create"),
    path("materials/units/<uuid:unit_id>/", materials.unit_edit, name="unit_edit"),
    path("intervention/", materials.intervention_list, name="intervention"),
    path("intervention/new/", materials.intervention_edit, name="intervention_create"),
    path("intervention/<uuid:group_id>/", materials.intervention_edit, name="intervention_edit"),
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
