"""Rounds and posts in both languages: each visitor reads theirs, else the other one."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.institutions import excel
from yingcai.institutions.models import Post, Round

from ..factories import StaffFactory
from .factories import PostFactory, RoundFactory
from .test_institution import post_data
from .test_orga import round_data
from .test_posts_excel import row, upload

pytestmark = pytest.mark.django_db


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def page(client, language, name, *args) -> str:
    response = client.get(url(language, name, *args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_round_and_its_posts_show_each_visitor_their_language_or_the_other(client, organisation):
    round_ = RoundFactory(
        title_zh_hans="事业单位专项招聘",
        title_en="Public institutions recruit",
        announcement_zh_hans="面向博士招聘。",
        announcement_en="Doctors wanted.",
    )
    both = PostFactory(
        round=round_,
        institution=organisation,
        name_zh_hans="肿瘤学研究岗",
        name_en="Oncology research post",
        majors_zh_hans="肿瘤学",
        majors_en="Oncology",
    )
    chinese_only = PostFactory(round=round_, institution=organisation, name="病理学研究岗")
    english = page(client, "en", "recruitment:round", round_.pk)
    assert "Public institutions recruit" in english and "Doctors wanted." in english
    assert "Oncology research post" in english and "肿瘤学研究岗" not in english
    assert "病理学研究岗" in english  # no English given: the Chinese one
    chinese = page(client, "zh-hans", "recruitment:round", round_.pk)
    assert "事业单位专项招聘" in chinese and "面向博士招聘。" in chinese
    assert "肿瘤学研究岗" in chinese and "Oncology research post" not in chinese
    post_page = page(client, "en", "recruitment:post", round_.pk, both.pk)
    assert "Oncology research post" in post_page and "Oncology" in post_page
    assert "病理学研究岗" in page(client, "en", "recruitment:post", round_.pk, chinese_only.pk)


def test_the_post_form_takes_english_as_optional(client, recruiter, organisation, round_):
    client.force_login(recruiter)
    address = url("en", "recruitment_institution:post_create", organisation.pk)
    form = page(client, "zh-hans", "recruitment_institution:post_create", organisation.pk)
    assert "岗位名称（英文，可选）" in form
    response = client.post(address, post_data(round_, name_en="", majors_en=""))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.name_zh_hans == "临床医学研究岗" and not post.name_en
    response = client.post(address, post_data(round_, code="CQ-002", name_en="Clinical post"))
    assert response.status_code == 302
    assert Post.objects.get(code="CQ-002").name_en == "Clinical post"


def test_the_post_form_refuses_an_over_long_english_name_and_a_missing_chinese_one(
    client, recruiter, organisation, round_
):
    client.force_login(recruiter)
    address = url("en", "recruitment_institution:post_create", organisation.pk)
    response = client.post(address, post_data(round_, name_en="A" * 121))
    assert response.status_code in (200, 400)
    assert "at most 120 characters" in response.content.decode()
    response = client.post(address, post_data(round_, name="", name_en="Clinical post"))
    assert response.status_code in (200, 400)
    assert "This field is required." in response.content.decode()
    assert not Post.objects.exists()


def test_posts_excel_round_trip_keeps_both_languages(client, recruiter, organisation, round_):
    PostFactory(
        round=round_,
        institution=organisation,
        name_zh_hans="肿瘤学研究岗",
        name_en="Oncology research post",
        majors_zh_hans="肿瘤学",
        majors_en="Oncology",
    )
    client.force_login(recruiter)
    exported = client.get(url("en", "recruitment_institution:posts_export", organisation.pk))
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(exported.content)).active.rows]
    assert rows[1][rows[0].index("英文岗位名称 / Post name in English")] == "Oncology research post"
    other = RoundFactory()
    again = upload(client, organisation, other, SimpleUploadedFile("a.xlsx", exported.content))
    assert again.status_code == 302
    copy = Post.objects.get(round=other)
    assert copy.name_zh_hans == "肿瘤学研究岗" and copy.name_en == "Oncology research post"
    assert copy.majors_en == "Oncology"


def test_a_posts_template_without_the_english_columns_still_imports(
    client, recruiter, organisation, round_
):
    old = [c for c in excel.COLUMNS if not c.key.endswith("_en")]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = excel.POSTS_SHEET
    sheet.append([c.heading for c in old])
    values = dict(zip([c.key for c in excel.COLUMNS], row(), strict=True))
    sheet.append([values[c.key] for c in old])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(recruiter)
    response = upload(client, organisation, round_, SimpleUploadedFile("o.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.name_zh_hans == "肿瘤学研究岗" and not post.name_en


def test_the_round_form_takes_english_as_optional(client):
    client.force_login(StaffFactory(roles=[STAFF_RECRUITMENT]))
    address = url("en", "orga_recruitment:round_create")
    response = client.post(address, round_data(title_en="", announcement_en=""))
    assert response.status_code == 302
    created = Round.objects.get()
    assert created.title_zh_hans == "2020年重庆英才大会事业单位专项招聘" and not created.title_en
    with translation.override("en"):
        assert created.title == "2020年重庆英才大会事业单位专项招聘"  # the other language
    form = page(client, "zh-hans", "orga_recruitment:round_create")
    assert "标题（英文，可选）" in form and "公告（英文，可选）" in form
