from rest_framework.exceptions import PermissionDenied

from districts.api_base import ServiceViewSet
from districts.permissions import covers_school
from subsystems.materials import services
from subsystems.materials.permissions import GROUPS_WRITE
from subsystems.materials.serializers import (
    InterventionGroupSerializer,
    MaterialSerializer,
    UnitSerializer,
)
from subsystems.models import InterventionGroup, Material, Unit


class MaterialViewSet(ServiceViewSet):
    model = Material
    serializer_class = MaterialSerializer
    lookup_url_kwarg = "material_id"
    service = services.material_save
    instance_kwarg = "material"


class UnitViewSet(ServiceViewSet):
    model = Unit
    serializer_class = UnitSerializer
    lookup_url_kwarg = "unit_id"
    service = services.unit_save
    instance_kwarg = "unit"


class InterventionGroupViewSet(ServiceViewSet):
    model = InterventionGroup
    serializer_class = InterventionGroupSerializer
    lookup_url_kwarg = "group_id"
    write_roles = GROUPS_WRITE
    service = services.intervention_group_save
    instance_kwarg = "group"

    def check_write(self, data, instance):
        if not covers_school(self.membership, data["school"].pk):
            raise PermissionDenied("You can edit your own schools' groups.")
