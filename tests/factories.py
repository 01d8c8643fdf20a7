"""factory_boy factories for users and the standalone platform's tables."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from attendance_app.platform.standalone import models as platform

COURSE_KEY = CourseKey.from_string("course-v1:DemoX+CE101+2026")
OTHER_COURSE_KEY = CourseKey.from_string("course-v1:OtherX+OT201+2026")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("password")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = platform.Course
        django_get_or_create = ("course_key",)

    course_key = COURSE_KEY
    display_name = "Continuing Education 101"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = platform.Enrollment

    user = factory.SubFactory(UserFactory)
    course_key = COURSE_KEY


class AccessRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = platform.AccessRole

    user = factory.SubFactory(UserFactory)
    course_key = COURSE_KEY
    org = factory.LazyAttribute(lambda role: getattr(role.course_key, "org", "DemoX"))
    role = "staff"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = platform.Cohort

    course_key = COURSE_KEY
    name = factory.Sequence(lambda n: f"Group {n}")


class GradableItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = platform.GradableItem

    course_key = COURSE_KEY
    usage_key = factory.Sequence(lambda n: COURSE_KEY.make_usage_key("sequential", f"quiz{n}"))
    display_name = factory.Sequence(lambda n: f"Quiz {n}")
    position = factory.Sequence(lambda n: n)
