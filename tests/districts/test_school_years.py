"""District settings and school years, on pages and through the API: what a district
configures for its figures, with clear refusals that write nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from districts.models import BreakWeek, DirtyWeek, District, SchoolYear


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


def year_form(name="2027–28", start="2027-08-16", end="2028-06-09"):
    return {"name": name, "start_date": start, "end_date": end}


def snapshot():
    return (
        list(SchoolYear.objects.order_by("pk").values_list("name", "start_date", "end_date")),
        BreakWeek.objects.count(),
    )


@pytest.mark.django_db
def test_an_admin_adds_a_year_then_ticks_its_break_weeks(cast, client_for):
    client = client_for(cast.a.admin)
    added = client.post(url("school_year_create", cast.a), year_form())
    year = SchoolYear.objects.for_district(cast.a.district).get(name="2027–28")
    assert added["Location"] == url("school_year_edit", cast.a, year_id=year.pk)
    page = client.get(added["Location"]).content.decode()
    assert 'value="2027-11-22"' in page and "Week of Nov 22" in page  # one box a week
    saved = client.post(
        added["Location"],
        {
            **year_form(),
            "break": ["2027-11-22", "2027-12-27"],
            "label_2027-11-22": "Thanksgiving",
        },
    )
    assert saved.status_code == 302
    assert list(year.breaks.values_list("week_start", "label")) == [
        (date(2027, 11, 22), "Thanksgiving"),
        (date(2027, 12, 27), ""),
    ]
    listing = client.get(url("school_year_list", cast.a)).content.decode()
    assert "2027–28" in listing and "Upcoming" in listing and "Going on" in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (year_form(start="2027-08-16", end="2027-08-01"), "ends after it starts"),
        (year_form(start="2026-09-01", end="2027-06-30"), "overlaps another school year"),
        (year_form(start="2027-08-16", end="2029-06-09"), "at most a year long"),
        (year_form(name="2026–27"), "already has a school year named"),
        (year_form(start="1850-08-16", end="1851-06-09"), "from 1990 to 2100"),
    ],
)
def test_a_bad_year_is_refused_with_a_reason_and_nothing_written(cast, client_for, data, message):
    before = snapshot()
    response = client_for(cast.a.admin).post(url("school_year_create", cast.a), data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert snapshot() == before


@pytest.mark.django_db
def test_breaks_outside_the_year_are_refused(cast, client_for):
    year = SchoolYear.objects.for_district(cast.a.district).get()
    before = snapshot()
    response = client_for(cast.a.admin).post(
        url("school_year_edit", cast.a, year_id=year.pk),
        {
            "name": year.name,
            "start_date": "2026-09-01",  # moved later: the first weeks' box is now outside
            "end_date": year.end_date.isoformat(),
            "break": ["2026-08-17"],
        },
    )
    assert response.status_code == 400
    assert "Break weeks must be inside the year" in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_changing_a_years_dates_or_breaks_marks_its_weeks_dirty(cast, api_for):
    year = SchoolYear.objects.for_district(cast.a.district).get()
    DirtyWeek.objects.all().delete()
    response = api_for(cast.a.admin).patch(
        url("api-school-year-detail", cast.a, year_id=year.pk),
        {"breaks": [{"week_start": "2026-11-25", "label": "Thanksgiving"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["breaks"] == [{"week_start": "2026-11-23", "label": "Thanksgiving"}]
    dirty = set(
        DirtyWeek.objects.filter(district=cast.a.district).values_list("week_start", flat=True)
    )
    assert date(2026, 11, 23) in dirty and date(2026, 8, 17) in dirty
    assert max(dirty) <= date(2026, 11, 30)  # weeks to come hold nothing to recompute


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field",
    [
        ({"start_date": "2026-09-01", "end_date": "2027-06-30"}, "start_date"),
        ({"start_date": "2027-08-16", "end_date": "2027-08-01"}, "end_date"),
        (
            {
                "start_date": "2027-08-16",
                "end_date": "2028-06-09",
                "breaks": [{"week_start": "2028-07-03"}],
            },
            "breaks",
        ),
    ],
)
def test_the_api_refuses_bad_years_in_drf_shape(cast, api_for, payload, field):
    before = snapshot()
    response = api_for(cast.a.admin).post(
        url("api-school-year-list", cast.a), {"name": "2027–28", **payload}, format="json"
    )
    assert response.status_code == 400 and field in response.json(), response.json()
    assert snapshot() == before


@pytest.mark.django_db
def test_a_year_is_deleted_after_asking(cast, client_for):
    client = client_for(cast.a.admin)
    client.post(url("school_year_create", cast.a), year_form())
    year = SchoolYear.objects.for_district(cast.a.district).get(name="2027–28")
    delete = url("school_year_delete", cast.a, year_id=year.pk)
    assert "cannot be undone" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not SchoolYear.objects.filter(pk=year.pk).exists()


# --- Settings ---------------------------------------------------------------------------------


def settings_form(**changes):
    return {
        "name": "District A",
        "time_zone": "America/Chicago",
        "pl_target_hours": "49",
        "summer_pl_counts_next_year": "on",
        **changes,
    }


@pytest.mark.django_db
def test_an_admin_changes_the_districts_settings(cast, client_for):
    client = client_for(cast.a.admin)
    page = client.get(url("district_settings", cast.a)).content.decode()
    assert "about 49 hours" in page and 'max="200"' in page
    response = client.post(
        url("district_settings", cast.a),
        settings_form(name="District A East", time_zone="America/Denver", pl_target_hours="40"),
    )
    assert response.status_code == 302
    district = District.objects.get(pk=cast.a.district.pk)
    assert (district.name, district.time_zone, district.pl_target_hours) == (
        "District A East",
        "America/Denver",
        Decimal(40),
    )
    assert district.summer_pl_counts_next_year


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"pl_target_hours": "0"}, "from 1 to 200"),
        ({"pl_target_hours": "1000"}, "from 1 to 200"),
        ({"pl_target_hours": "lots"}, "Enter a number"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_bad_settings_are_refused_on_the_page(cast, client_for, changes, message):
    response = client_for(cast.a.admin).post(
        url("district_settings", cast.a), settings_form(**changes)
    )
    assert response.status_code == 400 and message in response.content.decode()
    district = District.objects.get(pk=cast.a.district.pk)
    assert (district.name, district.pl_target_hours) == ("District A", Decimal(49))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field, message",
    [
        ({"pl_target_hours": 0}, "pl_target_hours", "from 1 to 200"),
        ({"pl_target_hours": 1000}, "pl_target_hours", "from 1 to 200"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "is not a time zone"),
    ],
)
def test_bad_settings_are_refused_by_the_api(cast, api_for, payload, field, message):
    response = api_for(cast.a.admin).patch(url("api-settings", cast.a), payload, format="json")
    assert response.status_code == 400
    assert any(message in m for m in response.json()[field]), response.json()
    assert District.objects.get(pk=cast.a.district.pk).pl_target_hours == Decimal(49)


@pytest.mark.django_db
def test_the_api_reads_and_changes_settings(cast, api_for):
    api = api_for(cast.a.admin)
    got = api.get(url("api-settings", cast.a)).json()
    assert got["research_hours_needed"] == "49" and got["slug"] == "district-a"
    changed = api.patch(
        url("api-settings", cast.a),
        {"pl_target_hours": "30", "summer_pl_counts_next_year": False, "slug": "elsewhere"},
        format="json",
    ).json()
    assert changed["pl_target_hours"] == "30.00" and changed["summer_pl_counts_next_year"] is False
    assert changed["slug"] == "district-a"  # the address is the operator's
