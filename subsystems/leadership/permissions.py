from districts.models import Membership, Role
from districts.permissions import covers_school, schools_in_scope
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


def can_acknowledge_feedback(membership: Membership, walkthrough: Walkthrough) -> bool:
    """The teacher observed, once the feedback has reached them."""
    return (
        walkthrough.feedback_delivered_at is not None
        and membership.educator_id is not None
        and walkthrough.teacher_id == membership.educator_id
    )


def can_see_reflection(membership: Membership, walkthrough: Walkthrough) -> bool:
    """A teacher's reflection on feedback: the teacher, the observer, that school's leaders
    and district admins (not a co-observing coach, nor other teachers or viewers)."""
    if membership.is_admin:
        return True
    if membership.educator_id is not None and membership.educator_id in (
        walkthrough.teacher_id,
        walkthrough.observer_id,
    ):
        return True
    return membership.role == Role.SCHOOL_LEADER and covers_school(
        membership, walkthrough.school_id
    )
