from django.urls import path

from pl_hours import views

urlpatterns = [
    path("hours/", views.district_hours, name="district_hours"),
    path("hours/me/", views.my_hours, name="my_hours"),
    path("hours/schools/<uuid:school_id>/", views.school_hours, name="school_hours"),
    path("hours/educators/<uuid:educator_id>/", views.educator_hours, name="educator_hours"),
    path("pl/split-readout/", views.split_readout, name="split_readout"),
    path("pl/other/", views.other_list, name="other_list"),
    path("pl/other/new/", views.other_create, name="other_create"),
    path("pl/other/<uuid:activity_id>/", views.other_edit, name="other_edit"),
    path("pl/other/<uuid:activity_id>/delete/", views.other_delete, name="other_delete"),
    path("pl/other/<uuid:activity_id>/restore/", views.other_restore, name="other_restore"),
    path("pl/manual/", views.manual_list, name="manual_list"),
    path("pl/manual/new/", views.manual_edit, name="manual_create"),
    path("pl/manual/<uuid:entry_id>/", views.manual_edit, name="manual_edit"),
    path("pl/manual/<uuid:entry_id>/delete/", views.manual_delete, name="manual_delete"),
    path("pl/manual/<uuid:entry_id>/restore/", views.manual_restore, name="manual_restore"),
]
