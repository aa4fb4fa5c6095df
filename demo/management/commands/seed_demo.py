import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from audit.services import audit_release_district
from demo.seed import seed_district
from districts.demo import DEMO_PASSWORD, SIZES, add_partner, create_district
from districts.models import District
from setup.services import district_provision


class Command(BaseCommand):
    help = "Create (or re-create) the demo districts with a login for every role."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="Pretend today is YYYY-MM-DD."
        )

    def handle(self, *args, size, seed, today, **options):
        started = time.perf_counter()
        today = today or timezone.localdate()
        plan = [
            ("riverside", "Riverside Unified School District", size, seed, ""),
            ("lakeview", "Lakeview Public Schools", "small", seed + 1, "lakeview-"),
        ]
        contexts = []
        for slug, name, district_size, district_seed, prefix in plan:
            # One transaction per district: every app adds its records, then the
            # rollups are computed once, before anyone can see a half-made district.
            with transaction.atomic():
                previous = District.objects.filter(slug=slug).first()
                if previous is not None:  # re-seeding: the old demo goes, its trail too
                    audit_release_district(district=previous)
                    previous.delete()
                ctx = create_district(
                    district=district_provision(slug=slug, name=name),
                    size=district_size,
                    seed=district_seed,
                    today=today,
                    user_prefix=prefix,
                )
                seed_district(ctx)
            contexts.append(ctx)
        partner = add_partner(districts=[ctx.district for ctx in contexts])
        elapsed = time.perf_counter() - started

        for ctx in contexts:
            self.stdout.write(
                f"{ctx.district.name} (/d/{ctx.district.slug}/): {len(ctx.schools)} schools, "
                f"{len(ctx.educators)} educators, school year {ctx.school_year.name}"
            )
        self.stdout.write(f"\nLogins (password for all: {DEMO_PASSWORD})")
        for login, role, slug in [login for ctx in contexts for login in ctx.logins] + [partner]:
            self.stdout.write(f"  {login:<22} {role:<16} {slug}")
        self.stdout.write(self.style.SUCCESS(f"\nSeeded in {elapsed:.1f} s."))
