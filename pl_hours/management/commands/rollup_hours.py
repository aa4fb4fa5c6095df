import time

from django.core.management.base import BaseCommand, CommandError

from districts.models import District
from pl_hours.rollups import rollups_recompute, rollups_recompute_dirty


class Command(BaseCommand):
    help = (
        "Recompute weekly PL-hour rollups now, without a worker: the dirty weeks, "
        "or with --full every week of the ledger."
    )

    def add_arguments(self, parser):
        parser.add_argument("--district", metavar="SLUG", help="Only this district.")
        parser.add_argument("--full", action="store_true", help="Recompute every week.")

    def handle(self, *args, district=None, full=False, **options):
        districts = District.objects.order_by("slug")
        if district:
            districts = districts.filter(slug=district)
            if not districts.exists():
                raise CommandError(f"No district with the slug {district!r}.")
        for each in districts:
            started = time.perf_counter()
            if full:
                rows = rollups_recompute(district=each)
                what = f"{rows} educator-weeks written"
            else:
                weeks = rollups_recompute_dirty(district_id=each.pk)
                what = f"{len(weeks)} dirty week{'s' if len(weeks) != 1 else ''} recomputed"
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{each.slug}: {what} in {elapsed:.2f} s")
