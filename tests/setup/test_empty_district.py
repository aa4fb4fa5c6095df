"""A brand-new district: every page its admin can open works and, where there is nothing
yet, says what to do first."""

import pytest
from django.urls import reverse

from districts.models import Membership
from districts.navigation import NAVIGATION
from setup.services import district_create

# Pages that are forms or settings in themselves, and the audit trail (which already holds
# the district's creation): they have nothing to be empty of.
FORMS = {
    "district_settings",
    "membership_list",
    "roster_import",
    "indicator_goals",
    "libraries",
    "audit_log",
    "notice_preferences",
}


@pytest.mark.django_db
def test_every_page_of_a_new_district_says_what_to_do_first(client):
    made = district_create(slug="fresh", name="Fresh Start", admin_email="lead@fresh.example.org")
    client.force_login(Membership.objects.for_district(made.district).get().user)
    names = ["district_home"] + [name for _, _, pages in NAVIGATION for name, _ in pages]
    for name in names:
        response = client.get(reverse(name, args=["fresh"]))
        assert response.status_code == 200, name
        if name not in FORMS:
            assert 'class="empty"' in response.content.decode() or name == "district_home", name
    home = client.get(reverse("district_home", args=["fresh"])).content.decode()
    assert "Set up Fresh Start: 1 of 7 done" in home  # the default indicator goals
    assert reverse("school_year_list", args=["fresh"]) in home
    dashboard = client.get(reverse("dashboard", args=["fresh"])).content.decode()
    assert reverse("school_year_create", args=["fresh"]) in dashboard
