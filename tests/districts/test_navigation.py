"""The navigation never leads a role where it cannot go, and each role lands where it works."""

import re

import pytest
from django.urls import reverse

from districts.navigation import NAVIGATION
from tests.conftest import ROLE_NAMES

LINK = re.compile(r'href="(/d/[^"?#]+)"')


def nav_links(html: str) -> set[str]:
    """The links of the main navigation and the section's own navigation."""
    navs = re.findall(r'<nav class="subnav".*?</nav>|<nav aria-label="Main">.*?</nav>', html, re.S)
    return {link for nav in navs for link in LINK.findall(nav)}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_every_navigation_link_of_every_role_opens(world, client, role):
    member = world.a.member(role)
    client.force_login(member.user)
    slug = world.a.district.slug
    seen, to_visit = set(), [reverse("dashboard", args=[slug])]
    # Every section's pages, as each role's navigation lists them on each page it can open.
    for _key, _label, pages in NAVIGATION:
        for name, _ in pages:
            to_visit.append(reverse(name, args=[slug]))
    opened = set()
    for url in to_visit:
        response = client.get(url)
        if response.status_code != 200:
            continue
        opened.add(url)
        seen |= nav_links(response.content.decode())
    assert seen, role
    for link in sorted(seen):
        assert client.get(link).status_code == 200, f"{role}: {link}"


@pytest.mark.django_db
def test_viewers_and_principals_see_no_link_to_pages_they_cannot_open(world, client):
    slug = world.a.district.slug
    client.force_login(world.a.viewer.user)
    hours = client.get(reverse("district_hours", args=[slug])).content.decode()
    assert reverse("manual_list", args=[slug]) not in nav_links(hours)
    client.force_login(world.a.principal.user)
    coaching = client.get(reverse("coaching_caseload", args=[slug])).content.decode()
    assert reverse("coach_time", args=[slug]) not in nav_links(coaching)


@pytest.mark.django_db
def test_teachers_land_on_their_hours_and_others_on_the_dashboard(world, client):
    slug = world.a.district.slug
    for role, landing in [
        ("teacher", "my_hours"),
        ("principal", "dashboard"),
        ("admin", "dashboard"),
    ]:
        client.force_login(world.a.member(role).user)
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"] == reverse(landing, args=[slug])


@pytest.mark.django_db
def test_a_principals_headline_covers_their_school_like_the_heatmap(world, client):
    from dashboard import selectors
    from pl_hours import selectors as hours

    slug = world.a.district.slug
    client.force_login(world.a.principal.user)
    response = client.get(reverse("dashboard", args=[slug]), {"partial": "headline"})
    year = hours.year_in_view(world.a.district)
    mine = hours.totals_from_school_weeks(year, [world.a.school.pk])
    district = hours.totals_from_school_weeks(year, None)
    assert mine.educators != district.educators  # the two differ in the cast
    body = response.content.decode()
    assert f">{mine.educators}</span> math teachers" in body
    data = selectors.build(world.a.principal, selectors.Filters())
    assert data.headline.educators == mine.educators
