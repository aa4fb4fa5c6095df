import pytest
from django.core.management import call_command

from pl_hours.models import WeeklyRollup
from pl_hours.rollups import rollups_disagreements


@pytest.mark.django_db
def test_the_check_agrees_with_fresh_rollups_and_finds_a_wrong_one(world, capsys):
    compared, problems = rollups_disagreements(district=world.a.district)
    assert compared > 0 and problems == []
    call_command("rollups_check", district=world.a.district.slug)
    assert "agree" in capsys.readouterr().out

    row = WeeklyRollup.objects.for_district(world.a.district).first()
    row.meaningful_minutes += 1
    row.save()
    _, problems = rollups_disagreements(district=world.a.district)
    assert len(problems) == 1 and str(row.educator_id) in problems[0]
    with pytest.raises(SystemExit):
        call_command("rollups_check")
    assert "1 DIFFER" in capsys.readouterr().out
