from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from districts.models import District
from setup.services import CLOSE, latest_year, objectives_to_decide, school_year_start_next


class Command(BaseCommand):
    help = (
        "Start a district's next school year from the latest one's pattern. Its objectives "
        "are carried over unless named with --close."
    )

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="The district's slug.")
        parser.add_argument(
            "--close",
            action="append",
            default=[],
            metavar="OBJECTIVE_ID",
            help="An objective to close instead of carrying it (repeatable).",
        )

    def handle(self, *args, district, close, **options):
        found = District.objects.filter(slug=district).first()
        if found is None:
            raise CommandError(f"There is no district “{district}”.")
        previous = latest_year(found)
        if previous is not None:
            for objective in objectives_to_decide(found, previous):
                verb = "close" if str(objective.pk) in close else "carry"
                self.stdout.write(f"  {verb}: {objective.title} ({objective.pk})")
        try:
            result = school_year_start_next(district=found, objectives=dict.fromkeys(close, CLOSE))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        year = result.year
        self.stdout.write(
            f"Started {year.name} ({year.start_date:%b %-d, %Y} to {year.end_date:%b %-d, %Y}, "
            f"{year.breaks.count()} break weeks): {len(result.carried)} objectives carried, "
            f"{len(result.closed)} closed, {result.members_dropped} inactive PLC members dropped."
        )
