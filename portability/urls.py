from django.urls import path

from portability import views

# Included under /d/<district_slug>/
urlpatterns = [
    path("settings/export/", views.export_list, name="district_export"),
    path("settings/export/<uuid:export_id>/", views.export_detail, name="district_export_detail"),
    path(
        "settings/export/<uuid:export_id>/download/",
        views.export_download,
        name="district_export_download",
    ),
    path("settings/roster/<uuid:educator_id>/erase/", views.erase, name="educator_erase"),
]
