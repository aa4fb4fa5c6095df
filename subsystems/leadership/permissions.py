from districts.models import Membership, Role
from districts.permissions import schools_in_scope
from subsystems.models import Walkthrough

WALK_VIEW = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)
WALK_WRITE = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)
WALK_INSIGHT = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)

# Schools a member may record walkthroughs in: all for admins, else their own.
walkthrough_schools = schools_in_scope


def can_edit_walkthrough(membership: Membership, walkthrough: Walkthrough) -> bool:
    return membership.is_admin or (
        membership.educator_id is not None and walkthrough.observer_id == membership.educator_id
    )


def can_calibrate(membership: Membership, walkthrough: Walkthrough) -> bool:
    """The coach who co-observed records their own ratings of the same visit."""
    return (
        walkthrough.same_visit_as_id is None
        and membership.educator_id is not None
        and walkthrough.co_observer_id == membership.educator_id
    )
