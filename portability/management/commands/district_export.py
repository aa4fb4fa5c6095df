from django.core.management.base import BaseCommand, CommandError

from districts.models import District
from portability.archive import archive_export


class Command(BaseCommand):
    help = "Write a district's whole archive (every table as CSV and JSON, a manifest) to a zip."

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="The district's slug.")
        parser.add_argument("--out", required=True, help="The zip file to write.")

    def handle(self, *args, district, out, **options):
        found = District.objects.filter(slug=district).first()
        if found is None:
            raise CommandError(f"No district with the slug {district!r}.")
        with open(out, "wb") as file:
            manifest = archive_export(district=found, out=file)
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out}: {len(manifest['tables'])} tables, {rows:,} rows of {found.name}."
            )
        )
