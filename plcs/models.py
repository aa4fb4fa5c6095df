from typing import Self

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from districts.bounds import ACTIVITY_MINUTES, NOTE_TEXT, text_limit
from districts.models import Educator, Membership, Role, School, TenantModel, TenantQuerySet
from pl_hours.models import PLActivity, activity_checks


class PLCTeamQuerySet(TenantQuerySet["PLCTeam"]):
    def visible_to(self, membership: Membership) -> Self:
        qs = self.for_district(membership.district)
        if membership.role == Role.DISTRICT_ADMIN:
            return qs
        if membership.role in (Role.SCHOOL_LEADER, Role.COACH):
            return qs.filter(school__in=membership.school_ids())
        if membership.role == Role.TEACHER and membership.educator_id:
            return qs.filter(
                Q(members=membership.educator_id) | Q(facilitator=membership.educator_id)
            ).distinct()
        return qs.none()


class PLCTeam(TenantModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="plc_teams")
    name = models.CharField(max_length=120)
    grade_band = models.CharField(
        "grade or course", max_length=40, blank=True, help_text="For example Grade 3 or Algebra I."
    )
    facilitator = models.ForeignKey(
        Educator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    members = models.ManyToManyField(Educator, through="PLCMember", related_name="plc_teams")
    active = models.BooleanField(default=True)

    objects = PLCTeamQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "school", "name"], name="plcteam_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PLCMember(TenantModel):
    team = models.ForeignKey(PLCTeam, on_delete=models.CASCADE, related_name="memberships")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "team", "educator"], name="plcmember_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} in {self.team_id}"


class PLCMeetingQuerySet(TenantQuerySet["PLCMeeting"]):
    def visible_to(self, membership: Membership) -> Self:
        teams = PLCTeam.objects.visible_to(membership)
        return self.for_district(membership.district).filter(team__in=teams)


class PLCMeeting(PLActivity):
    team = models.ForeignKey(PLCTeam, on_delete=models.CASCADE, related_name="meetings")
    analysed_student_work = models.BooleanField("analysed student work", default=False)
    rehearsed_lesson = models.BooleanField("rehearsed a lesson", default=False)
    examined_representations = models.BooleanField("examined representations", default=False)
    deepened_content_knowledge = models.BooleanField("deepened content knowledge", default=False)
    upcoming_unit = models.CharField(
        "unit it prepares for",
        max_length=200,
        blank=True,
        help_text="For example Unit 4: Fractions.",
    )
    notes = models.TextField(blank=True, max_length=NOTE_TEXT)
    attendees = models.ManyToManyField(Educator, through="PLCAttendance", related_name="+")

    objects = PLCMeetingQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["district", "date"], name="plcmeeting_district_date")]
        constraints = [
            *activity_checks("plcmeeting", ACTIVITY_MINUTES),
            text_limit("notes", NOTE_TEXT, "plcmeeting_notes_length"),
        ]

    def __str__(self) -> str:
        return f"{self.team} on {self.date:%b %-d, %Y}"

    PRACTICES = (
        "analysed_student_work",
        "rehearsed_lesson",
        "examined_representations",
        "deepened_content_knowledge",
    )

    @property
    def practices(self) -> list[str]:
        return [
            self._meta.get_field(name).verbose_name
            for name in self.PRACTICES
            if getattr(self, name)
        ]


class PLCAttendance(TenantModel):
    meeting = models.ForeignKey(PLCMeeting, on_delete=models.CASCADE, related_name="attendance")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "meeting", "educator"], name="plcattendance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} at {self.meeting_id}"
