"""The load test's users (run by bin/loadtest, not by the test suite).

Each simulated member signs in as one of the demo cast and, with a pause between actions,
opens pages, asks for the dashboard's HTMX partials, lists through the API and writes:
PLC meetings (leaders and admins: record, correct, sometimes delete) and PL recorded
elsewhere (teachers). Every write goes through the ledger and marks its week dirty, so the
rollups have something to keep up with.
"""

import os
import random
from datetime import date, timedelta

from locust import HttpUser, between, task

DISTRICT = os.environ.get("LOADTEST_DISTRICT", "riverside")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "coherence-demo")
PAGE = f"/d/{DISTRICT}"
API = f"/api/v1/d/{DISTRICT}"
PARTIALS = ["headline", "heatmap", "gaps", "trend", "okrs"]
SPLIT_CATEGORIES = ["logistics", "pacing", "surface_strategies", "unfocused_talk"]


def recent_weekday() -> str:
    """A school day of the last two weeks (never today's future, never a weekend)."""
    day = date.today() - timedelta(days=random.randint(1, 14))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day.isoformat()


def split_of(minutes: int) -> dict[str, int]:
    planning = random.randint(0, minutes)
    other = random.choice(SPLIT_CATEGORIES)
    return {"instructional_planning": planning, other: minutes - planning}


class Member(HttpUser):
    """Someone of the district at work: reads far more than they write."""

    wait_time = between(1, 3)
    login = "coordinator"

    def on_start(self) -> None:
        self.client.get("/accounts/login/", name="/accounts/login/")
        response = self.client.post(
            "/accounts/login/",
            {
                "username": self.login,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="/accounts/login/ (sign in)",
        )
        if response.status_code >= 400 or "sessionid" not in self.client.cookies:
            raise RuntimeError(f"{self.login} could not sign in ({response.status_code})")
        self.schools = [
            s["id"] for s in self.api_get("/schools/", name="schools").json()["results"]
        ]
        self.mine: list[str] = []

    def headers(self) -> dict[str, str]:
        return {
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            "Referer": f"{self.host}{PAGE}/",
        }

    def api_get(self, path: str, name: str, **params):
        return self.client.get(f"{API}{path}", params=params, name=f"API list {name}")

    def page(self, path: str, name: str | None = None):
        return self.client.get(f"{PAGE}{path}", name=name or f"page {path or '/'}")


class Leader(Member):
    """Admins and school leaders: the dashboard, hours, PLCs, and PLC meetings recorded."""

    weight = 5

    def on_start(self) -> None:
        self.login = random.choice(["coordinator", "principal", "principal"])
        super().on_start()
        teams = self.api_get("/plc-teams/", name="plc-teams").json()["results"]
        self.teams = [t["id"] for t in teams]

    @task(6)
    def dashboard(self) -> None:
        self.page("/dashboard/")

    @task(8)
    def dashboard_partial(self) -> None:
        partial = random.choice(PARTIALS)
        self.client.get(
            f"{PAGE}/dashboard/",
            params={"partial": partial},
            headers={"HX-Request": "true"},
            name=f"partial {partial}",
        )

    @task(3)
    def pages(self) -> None:
        self.page(random.choice(["/hours/", "/plcs/", "/walkthroughs/", "/pd/", "/plan/"]))

    @task(5)
    def api_lists(self) -> None:
        name = random.choice(["plc-meetings", "ledger-entries", "rollups", "educators"])
        self.api_get(f"/{name}/", name=name, page=1)

    @task(2)
    def hours_api(self) -> None:
        self.client.get(f"{API}/hours/", name="API hours")

    @task(3)
    def record_meeting(self) -> None:
        if not self.teams:
            return
        minutes = random.choice([30, 45, 50, 60])
        response = self.client.post(
            f"{API}/plc-meetings/",
            json={
                "team": random.choice(self.teams),
                "date": recent_weekday(),
                "minutes": minutes,
                "math_specific": True,
                "time_use": split_of(minutes),
            },
            headers=self.headers(),
            name="write PLC meeting",
        )
        if response.status_code == 201:
            self.mine.append(response.json()["id"])

    @task(2)
    def correct_meeting(self) -> None:
        if not self.mine:
            return
        minutes = random.choice([40, 55])
        self.client.patch(
            f"{API}/plc-meetings/{random.choice(self.mine)}/",
            json={"minutes": minutes, "time_use": split_of(minutes)},
            headers=self.headers(),
            name="write PLC meeting (correct)",
        )

    @task(1)
    def delete_meeting(self) -> None:
        if len(self.mine) < 3:
            return
        meeting = self.mine.pop(0)
        self.client.delete(
            f"{API}/plc-meetings/{meeting}/",
            headers=self.headers(),
            name="write PLC meeting (delete)",
        )


class Teacher(Member):
    """Teachers: their own hours, and PL they did elsewhere."""

    weight = 3

    def on_start(self) -> None:
        self.login = random.choice(["teacher", "teacher2"])
        super().on_start()
        # A teacher's personnel list is their own record.
        mine = self.api_get("/educators/", name="educators").json()["results"]
        self.educator = mine[0]["id"] if mine else None

    @task(5)
    def my_hours(self) -> None:
        self.page("/hours/me/")

    @task(3)
    def my_hours_api(self) -> None:
        self.client.get(f"{API}/hours/me/", name="API hours me")

    @task(2)
    def manual_entries(self) -> None:
        self.page("/pl/manual/")

    @task(2)
    def record_pl_elsewhere(self) -> None:
        if self.educator is None:
            return
        minutes = random.choice([30, 60, 90])
        self.client.post(
            f"{API}/manual-entries/",
            json={
                "educator": self.educator,
                "date": recent_weekday(),
                "description": "Math webinar",
                "minutes": minutes,
                "category": random.choice(["instructional_planning", "surface_strategies"]),
                "math_specific": True,
            },
            headers=self.headers(),
            name="write PL elsewhere",
        )


class Viewer(Member):
    """Coaches and board members: the dashboard and its partials, read only."""

    weight = 2

    def on_start(self) -> None:
        self.login = random.choice(["coach", "board"])
        super().on_start()

    @task(4)
    def dashboard(self) -> None:
        self.page("/dashboard/")

    @task(4)
    def dashboard_partial(self) -> None:
        partial = random.choice(PARTIALS)
        self.client.get(
            f"{PAGE}/dashboard/",
            params={"partial": partial},
            headers={"HX-Request": "true"},
            name=f"partial {partial}",
        )

    @task(2)
    def hours(self) -> None:
        self.page("/hours/")

    @task(1)
    def api_hours(self) -> None:
        self.client.get(f"{API}/hours/", name="API hours")
