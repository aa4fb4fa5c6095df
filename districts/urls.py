from django.urls import path

from districts import views

# Included under /d/<district_slug>/
urlpatterns = [
    path("settings/schools/", views.school_list, name="school_list"),
    path("settings/schools/new/", views.school_edit, name="school_create"),
    path("settings/schools/<uuid:school_id>/", views.school_edit, name="school_edit"),
    path("settings/roster/", views.educator_list, name="educator_list"),
    path("settings/roster/new/", views.educator_edit, name="educator_create"),
    path("settings/roster/<uuid:educator_id>/", views.educator_edit, name="educator_edit"),
    path("settings/roster/import/", views.roster_import_view, name="roster_import"),
    path("settings/people/", views.membership_list, name="membership_list"),
    path("settings/people/new/", views.membership_invite, name="membership_invite"),
    path("settings/people/<uuid:membership_id>/", views.membership_edit, name="membership_edit"),
    path(
        "settings/people/<uuid:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("settings/district/", views.district_settings, name="district_settings"),
    path("settings/years/", views.school_year_list, name="school_year_list"),
    path("settings/years/new/", views.school_year_edit, name="school_year_create"),
    path("settings/years/<uuid:year_id>/", views.school_year_edit, name="school_year_edit"),
    path(
        "settings/years/<uuid:year_id>/delete/",
        views.school_year_delete,
        name="school_year_delete",
    ),
    path("plan/priorities/", views.priority_list, name="priority_list"),
    path("plan/priorities/new/", views.priority_edit, name="priority_create"),
    path("plan/priorities/<uuid:priority_id>/", views.priority_edit, name="priority_edit"),
]
