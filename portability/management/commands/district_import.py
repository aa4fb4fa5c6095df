from django.core.management.base import BaseCommand, CommandError

from portability.archive import ArchiveError, archive_import


class Command(BaseCommand):
    help = (
        "Create a new district from an archive made by district_export: new ids, logins "
        "matched by e-mail or created without a password, rollups recomputed."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The zip file district_export wrote.")
        parser.add_argument("--slug", required=True, help="The new district's slug (unused).")
        parser.add_argument("--name", default="", help="Its name (default: the archive's).")

    def handle(self, *args, archive, slug, name, **options):
        try:
            with open(archive, "rb") as source:
                result = archive_import(source=source, slug=slug, name=name)
        except FileNotFoundError:
            raise CommandError(f"No file {archive}.") from None
        except ArchiveError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(result.summary))
        self.stdout.write(
            "Imported logins have no password: people sign in with their district's single "
            "sign-on, or set a password with “Forgot your password?”."
        )
