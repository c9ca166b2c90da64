from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from yingcai.accounts.models import User
from yingcai.core.models import DisciplineField, District
from yingcai.organisations.models import Membership, Organisation
from yingcai.organisations.validators import check_character
from yingcai.portal.models import Message, NewsItem, Report

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name", locale="zh_CN")
    language = "zh-hans"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or ():
            obj.groups.add(Group.objects.get(name=role))


def credit_code(n: int) -> str:
    first17 = f"91500000{n:09d}"
    return first17 + check_character(first17)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_zh_hans = factory.Sequence(lambda n: f"重庆测试科技有限公司{n}")
    name_en = factory.Sequence(lambda n: f"Chongqing Test Technology Co. {n}")
    kind = Organisation.Kind.ENTERPRISE
    district = factory.LazyFunction(lambda: District.objects.get(slug="yubei"))
    credit_code = factory.Sequence(credit_code)
    status = Organisation.Status.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.OWNER


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    slug = factory.Sequence(lambda n: f"news-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"新闻 {n}")
    title_en = factory.Sequence(lambda n: f"News {n}")
    body_zh_hans = "正文"
    body_en = "Body"
    published_at = factory.LazyFunction(timezone.now)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    name = "张三"
    email = factory.Sequence(lambda n: f"writer{n}@example.com")
    subject = "请问报名时间"
    body = "请问人才大会什么时候开始报名？"
    language = "zh-hans"


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    category = Report.Category.FRAUD
    url = "https://example.com/jobs/1"
    description = "虚假招聘信息"
    language = "zh-hans"


# The translated fields (modeltranslation) of the models made by these factories.
IN_CHINESE = {
    "jobs.Job": ("title", "description"),
    "institutions.Round": ("title", "announcement"),
    "institutions.Post": ("name", "majors", "other_conditions"),
    "projects.Project": ("title", "summary"),
    "projects.Demand": ("title", "description", "offers"),
    "docking.Session": ("title", "description"),
    "calls.Call": ("title", "description"),
    "calls.Track": ("name",),
    "calls.Division": ("name", "city"),
    "calls.Stage": ("name", "venue"),
    "calls.Criterion": ("name", "help"),
    "calls.AwardCategory": ("name",),
    "roadshow.RoadshowSession": ("title", "venue"),
    "attendance.Session": ("title", "description"),
    "guests.Guest": ("name", "public_title", "organisation"),
    "guests.Honour": ("name", "category", "affiliation"),
}


class InChineseFactory(factory.django.DjangoModelFactory):
    """Puts the texts of translated fields (`title="…"`) into their Chinese column.

    Given to the model as they are, modeltranslation would write them into the column of
    whatever language a previous request left active.
    """

    class Meta:
        abstract = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        for name in IN_CHINESE.get(cls._meta.model._meta.label, ()):
            if name in kwargs:
                kwargs.setdefault(f"{name}_zh_hans", kwargs.pop(name))
        return kwargs


class JobFactory(InChineseFactory):
    """A published, open job requirement of a verified enterprise."""

    class Meta:
        model = "jobs.Job"

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"集成电路芯片设计工程师 {n}")
    description = "负责芯片前端设计与验证。Responsible for front-end chip design."
    field = factory.LazyFunction(lambda: DisciplineField.objects.get(slug="electronic-information"))
    district = factory.LazyFunction(lambda: District.objects.get(slug="yubei"))
    degree_min = "master"
    salary_min = 15000
    salary_max = 30000
    headcount = 2
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = "published"
    published_at = factory.LazyFunction(timezone.now)


class ProfileFactory(factory.django.DjangoModelFactory):
    """A talent's profile with a degree (so the talent may apply)."""

    class Meta:
        model = "talents.TalentProfile"

    user = factory.SubFactory(UserFactory)
    degree = "doctor"
    university = "重庆大学"
    visibility = "open"


class ProjectFactory(InChineseFactory):
    """A verified (listed) domestic project seeking investment; `lead` makes its team lead."""

    class Meta:
        model = "projects.Project"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"车规级功率芯片 {n}")
    summary = "面向新能源汽车的碳化硅功率芯片。Silicon-carbide power chips for electric vehicles."
    field = factory.LazyFunction(lambda: DisciplineField.objects.get(slug="electronic-information"))
    stage = "prototype"
    origin = "domestic"
    city = "重庆"
    seeks_investment = True
    amount_min = 5_000_000
    amount_max = 20_000_000
    currency = "CNY"
    district = factory.LazyFunction(lambda: District.objects.get(slug="liangjiang"))
    status = "verified"
    first_submitted_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
    verified_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def lead(obj, create, extracted, **kwargs):
        if create:
            user = extracted or UserFactory()
            obj.team.create(user=user, role="lead")
            obj.created_by = user
            obj.save(update_fields=["created_by"])


class DemandFactory(InChineseFactory):
    """A published investment demand of a verified investment institution."""

    class Meta:
        model = "projects.Demand"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.INVESTOR)
    kind = "investment"
    title = factory.Sequence(lambda n: f"新能源汽车产业链投资 {n}")
    description = (
        "关注功率半导体与电池材料。We invest in power semiconductors and battery materials."
    )
    stages = ",prototype,revenue,"
    ticket_min = 1_000_000
    ticket_max = 30_000_000
    currency = "CNY"
    status = "published"
    first_submitted_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):
        if create:
            obj.fields.set(
                extracted or [DisciplineField.objects.get(slug="electronic-information")]
            )

    @factory.post_generation
    def districts(obj, create, extracted, **kwargs):
        if create:
            obj.districts.set(extracted or [District.objects.get(slug="liangjiang")])
