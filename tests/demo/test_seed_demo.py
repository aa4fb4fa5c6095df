"""The demo seed runs end to end (at its small size), through every app's seeder."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from districts.models import DirtyWeek, District, Membership
from pl_hours.models import LedgerEntry, WeeklyRollup
from setup.checklist import progress
from setup.models import LibraryAdoption
from subsystems.models import CheckIn

TODAY = date(2026, 11, 16)


@pytest.mark.django_db
def test_seed_demo_small_makes_two_complete_districts(client):
    out = StringIO()
    call_command("seed_demo", size="small", today=TODAY, stdout=out)
    assert "Seeded in" in out.getvalue()
    assert set(District.objects.values_list("slug", flat=True)) == {"riverside", "lakeview"}
    for district in District.objects.all():
        ledger = LedgerEntry.objects.for_district(district).aggregate(m=Sum("minutes"))["m"]
        rollups = WeeklyRollup.objects.for_district(district).aggregate(m=Sum("total_minutes"))
        assert ledger and ledger == rollups["m"]
        assert not DirtyWeek.objects.for_district(district).exists()
        assert CheckIn.objects.for_district(district).filter(measured=True).exists()
    coordinator = Membership.objects.get(user__username="coordinator")
    client.force_login(coordinator.user)
    response = client.get(f"/d/{coordinator.district.slug}/dashboard/")
    assert response.status_code == 200
    assert "Riverside" in response.content.decode()
    # The demo is set up through what a real district uses: the starter libraries and the
    # roster import, and so its first-run checklist is done.
    adopted = set(
        LibraryAdoption.objects.for_district(coordinator.district).values_list("key", flat=True)
    )
    assert adopted == {"indicator-goals", "nctm-8"}
    assert progress(coordinator.district).complete
