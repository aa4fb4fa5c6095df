from districts.models import Role
from districts.permissions import can_manage_district, can_see_personnel


def navigation(request) -> dict:
    """What the navigation shows: only the sections the member's role may use."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {
        "district": membership.district,
        "membership": membership,
        "nav": {
            "settings": can_manage_district(membership),
            "personnel": can_see_personnel(membership),
            "aggregates": membership.role != Role.TEACHER,
            "record_pl": membership.role in (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER),
            "activities": membership.role != Role.VIEWER,
        },
    }
