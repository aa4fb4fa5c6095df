from django.urls import path

from subsystems.materials import views

urlpatterns = [
    path("materials/", views.material_list, name="materials"),
    path("materials/new/", views.material_edit, name="material_create"),
    path("materials/<uuid:material_id>/", views.material_edit, name="material_edit"),
    path("materials/units/new/", views.unit_edit, name="unit_create"),
    path("materials/units/<uuid:unit_id>/", views.unit_edit, name="unit_edit"),
    path("intervention/", views.intervention_list, name="intervention"),
    path("intervention/new/", views.intervention_edit, name="intervention_create"),
    path("intervention/<uuid:group_id>/", views.intervention_edit, name="intervention_edit"),
]
