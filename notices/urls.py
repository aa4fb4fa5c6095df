from django.urls import path

from notices import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/read/", views.notices_read_all, name="notices_read_all"),
    path("notices/<uuid:notice_id>/read/", views.notice_read, name="notice_read"),
    path("notices/preferences/", views.notice_preferences, name="notice_preferences"),
]
