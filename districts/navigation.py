"""The one navigation every role shares, showing only what the role may open.

Which roles may open a page is what its view declares (``district_view(*roles)``), read
from the URL configuration, so a link can never lead a role to a 403: the navigation and
the pages cannot disagree.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, resolve, reverse

from districts.models import Membership

# (section, its label, its pages: (URL name, label)); a section links to its first page
# the member may open.
NAVIGATION: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("dashboard", "Dashboard", [("dashboard", "Dashboard")]),
    (
        "plan",
        "Plan",
        [
            ("plan", "Objectives & key results"),
            ("priority_list", "Priorities"),
            ("school_goals", "School goals"),
        ],
    ),
    ("plcs", "PLCs", [("plc_teams", "Teams")]),
    ("coaching", "Coaching", [("coaching_caseload", "Cycles"), ("coach_time", "Coach time")]),
    (
        "walkthroughs",
        "Walkthroughs",
        [
            ("walkthrough_list", "Log"),
            ("walkthrough_trends", "Look-for trends"),
            ("walkthrough_calibration", "Calibration"),
        ],
    ),
    ("pd", "PD", [("pd_sessions", "Sessions")]),
    (
        "materials",
        "Materials & intervention",
        [("intervention", "Intervention groups"), ("materials", "Materials and pacing")],
    ),
    (
        "hours",
        "Hours",
        [
            ("my_hours", "My hours"),
            ("my_record_views", "Who saw my records"),
            ("district_hours", "Schools and district"),
            ("other_list", "Staff meetings and other PL"),
            ("manual_list", "PL recorded elsewhere"),
        ],
    ),
    ("reports", "Reports", [("reports", "Board reports")]),
    (
        "settings",
        "Settings",
        [
            ("district_settings", "District"),
            ("school_year_list", "School years"),
            ("membership_list", "People"),
            ("educator_list", "Roster"),
            ("school_list", "Schools"),
            ("roster_import", "Import roster"),
            ("look_for_list", "Look-fors"),
            ("indicator_goals", "Indicator goals"),
            ("libraries", "Starter libraries"),
            ("sign_in_settings", "Sign-in"),
            ("district_export", "Export"),
            ("audit_log", "Audit trail"),
        ],
    ),
    (
        "notices",
        "Notices",
        [("notice_list", "Notices"), ("notice_preferences", "E-mail and digest")],
    ),
]


# Pages about the member's own roster record: only for a member who has one.
OWN_RECORD_PAGES = ("my_hours", "my_record_views")


@cache
def roles_of(url_name: str) -> tuple[str, ...]:
    """The roles a district page's view lets in (none for an unknown page)."""
    try:
        path = reverse(url_name, kwargs={"district_slug": "any"})
    except NoReverseMatch:
        return ()
    return tuple(getattr(resolve(path).func, "district_roles", ()))


def can_open(membership: Membership, url_name: str) -> bool:
    """Whether a member's role opens a page (their own hours and who saw their records also
    need their roster record)."""
    if url_name in OWN_RECORD_PAGES and membership.educator_id is None:
        return False
    return membership.role in roles_of(url_name)


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    url: str


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    links: list[Link]

    @property
    def url(self) -> str:
        return self.links[0].url


def sections(membership: Membership) -> list[Section]:
    """The navigation of a member: the sections and pages their role may open."""
    slug = membership.district.slug
    found = []
    for key, label, pages in NAVIGATION:
        links = [
            Link(name, page_label, reverse(name, kwargs={"district_slug": slug}))
            for name, page_label in pages
            if can_open(membership, name)
        ]
        if links:
            found.append(Section(key, label, links))
    return found


def landing_url(membership: Membership) -> str:
    """Where a member lands in a district: teachers on their own hours, others on the
    dashboard."""
    name = (
        "my_hours"
        if membership.role == "teacher" and can_open(membership, "my_hours")
        else ("dashboard")
    )
    return reverse(name, kwargs={"district_slug": membership.district.slug})
