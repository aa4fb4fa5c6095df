import sys
import time

from django.core.management.base import BaseCommand, CommandError

from districts.models import DirtyWeek, District
from pl_hours.models import LedgerEntry, WeeklyRollup
from pl_hours.rollups import rollups_disagreements


class Command(BaseCommand):
    help = (
        "Compare every district's stored weekly rollups with its ledger grouped afresh; "
        "exits 1 when any educator-week differs (weeks still marked dirty are reported)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--district", metavar="SLUG", help="Only this district.")
        parser.add_argument(
            "--wait",
            type=int,
            default=0,
            metavar="SECONDS",
            help="First wait up to this long for the workers to drain the dirty weeks.",
        )

    def handle(self, *args, district=None, wait=0, **options):
        started = time.monotonic()
        while DirtyWeek.objects.exists() and time.monotonic() - started < wait:
            time.sleep(1)
        if wait:
            self.stdout.write(f"Waited {time.monotonic() - started:.0f} s for the dirty weeks.")
        districts = District.objects.order_by("slug")
        if district:
            districts = districts.filter(slug=district)
            if not districts.exists():
                raise CommandError(f"No district with the slug {district!r}.")
        failed = False
        for each in districts:
            compared, problems = rollups_disagreements(district=each)
            ledger = sum(LedgerEntry.objects.for_district(each).values_list("minutes", flat=True))
            rolled = sum(
                WeeklyRollup.objects.for_district(each).values_list("total_minutes", flat=True)
            )
            dirty = DirtyWeek.objects.for_district(each).count()
            verdict = "agree" if not problems else f"{len(problems)} DIFFER"
            self.stdout.write(
                f"{each.slug}: ledger {ledger:,} min, rollups {rolled:,} min, "
                f"{compared:,} educator-weeks compared, {verdict}, {dirty} weeks still dirty"
            )
            for problem in problems[:20]:
                self.stdout.write(f"  {problem}")
            failed |= bool(problems)
        if failed:
            sys.exit(1)
