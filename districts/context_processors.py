from districts.models import Role
from districts.navigation import sections
from districts.permissions import can_manage_district, can_see_personnel

SECTIONS = [
    # (section, url names or name prefixes that belong to it), first match wins
    ("dashboard", ("dashboard", "school_dashboard", "district_home")),
    ("reports", ("report",)),
    ("notices", ("notice",)),
    (
        "settings",
        (
            "membership_",
            "school_list",
            "school_create",
            "school_edit",
            "educator_list",
            "educator_create",
            "educator_edit",
            "roster_",
            "look_for",
            "indicator_goals",
            "district_settings",
            "school_year_",
            "libraries",
            "audit_log",
            "sign_in_settings",
            "sso_provider",
            "district_export",
            "educator_erase",
        ),
    ),
    (
        "plan",
        ("plan", "priority_", "school_goal", "objective_", "key_result_", "vision_", "check_in"),
    ),
    ("plcs", ("plc_",)),
    ("coaching", ("coaching_", "coach_time")),
    ("walkthroughs", ("walkthrough_",)),
    ("pd", ("pd_",)),
    ("materials", ("material", "unit_", "intervention")),
    (
        "hours",
        (
            "district_hours",
            "my_hours",
            "my_record_views",
            "school_hours",
            "educator_hours",
            "other_",
            "manual_",
            "split_readout",
        ),
    ),
]


def section_of(url_name: str | None) -> str:
    for section, names in SECTIONS:
        if url_name and any(url_name == n or url_name.startswith(n) for n in names):
            return section
    return ""


def navigation(request) -> dict:
    """What the navigation shows: only the sections and pages the member's role may open."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    current = section_of(getattr(request.resolver_match, "url_name", None))
    found = sections(membership)
    return {
        "district": membership.district,
        "membership": membership,
        "section": current,
        "nav_sections": found,
        "subnav": next((s for s in found if s.key == current), None),
        "nav": {
            "settings": can_manage_district(membership),
            "personnel": can_see_personnel(membership),
            "aggregates": membership.role != Role.TEACHER,
            "record_pl": membership.role in (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER),
            "activities": membership.role != Role.VIEWER,
        },
    }
