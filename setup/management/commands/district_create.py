from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from setup.services import district_create


class Command(BaseCommand):
    help = (
        "Create a district (49-hour target, default indicator goals) and invite its first "
        "district admin by e-mail; prints the link they set their password with."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="The address: /d/<slug>/.")
        parser.add_argument("--name", required=True)
        parser.add_argument("--time-zone", default="America/Chicago", dest="time_zone")
        parser.add_argument("--admin-email", required=True, dest="admin_email")

    def handle(self, *args, slug, name, time_zone, admin_email, **options):
        try:
            made = district_create(
                slug=slug, name=name, time_zone=time_zone, admin_email=admin_email
            )
        except ValidationError as exc:
            problems = "; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()
            )
            raise CommandError(problems) from None
        self.stdout.write(f"Created {made.district.name} at /d/{made.district.slug}/.")
        self.stdout.write(f"Invited {made.admin_email} as district admin. Their link:")
        self.stdout.write(made.link)
