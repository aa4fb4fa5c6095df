from districts.models import Role

MATERIALS_VIEW = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER, Role.VIEWER)
# Admins keep the adopted materials and their pacing; leaders also their schools' groups.
GROUPS_WRITE = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)
