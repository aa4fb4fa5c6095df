from django.urls import path

from subsystems.plan import views

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/vision/", views.vision_edit, name="vision_edit"),
    path("plan/objectives/new/", views.objective_edit, name="objective_create"),
    path("plan/objectives/<uuid:objective_id>/", views.objective_edit, name="objective_edit"),
    path(
        "plan/objectives/<uuid:objective_id>/key-results/new/",
        views.key_result_create,
        name="key_result_create",
    ),
    path("plan/key-results/<uuid:key_result_id>/", views.key_result_edit, name="key_result_edit"),
    path("plan/key-results/<uuid:key_result_id>/check-in/", views.check_in, name="check_in"),
    path(
        "plan/key-results/<uuid:key_result_id>/measure/",
        views.key_result_measure,
        name="key_result_measure",
    ),
    path("plan/check-ins/<uuid:check_in_id>/", views.check_in_edit, name="check_in_edit"),
    path(
        "plan/check-ins/<uuid:check_in_id>/delete/", views.check_in_delete, name="check_in_delete"
    ),
    path(
        "plan/check-ins/<uuid:check_in_id>/restore/",
        views.check_in_restore,
        name="check_in_restore",
    ),
    path("plan/school-goals/", views.school_goal_list, name="school_goals"),
    path("plan/school-goals/new/", views.school_goal_edit, name="school_goal_create"),
    path("plan/school-goals/<uuid:goal_id>/", views.school_goal_edit, name="school_goal_edit"),
]
