"""Factories that keep the tenant consistent: the district comes from the parent."""

from datetime import date

import factory
from django.contrib.auth.hashers import make_password

from districts.models import (
    District,
    Educator,
    Membership,
    MembershipSchool,
    Position,
    Priority,
    Role,
    School,
    SchoolYear,
    User,
)

PASSWORD = "correct horse battery staple"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    slug = factory.Sequence(lambda n: f"district-{n}")
    name = factory.Sequence(lambda n: f"District {n}")


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear

    district = factory.SubFactory(DistrictFactory)
    name = "2026–27"
    start_date = date(2026, 8, 17)
    end_date = date(2027, 6, 11)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"School {n}")


class EducatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Educator

    school = factory.SubFactory(SchoolFactory)
    district = factory.LazyAttribute(lambda o: o.school.district if o.school else DistrictFactory())
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"educator{n}@example.org")
    position = Position.TEACHER


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    district = factory.SubFactory(DistrictFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    district = factory.SubFactory(DistrictFactory)
    user = factory.SubFactory(UserFactory)
    first_name = factory.LazyAttribute(lambda o: o.user.first_name)
    last_name = factory.LazyAttribute(lambda o: o.user.last_name)
    role = Role.TEACHER

    @factory.post_generation
    def schools(self, create, extracted, **kwargs):
        if create and extracted:
            MembershipSchool.objects.bulk_create(
                MembershipSchool(district_id=self.district_id, membership=self, school=s)
                for s in extracted
            )
