"""Posts in Excel: the template, the all-or-nothing import into a round, the export."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.core.spreadsheets import XLSX
from yingcai.institutions import excel, services
from yingcai.institutions.models import Post

from ..factories import MembershipFactory, OrganisationFactory, StaffFactory
from .factories import PostFactory, RoundFactory, applicant, apply_to, institution

pytestmark = pytest.mark.django_db

HEADINGS = [c.heading for c in excel.COLUMNS]


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


# The texts are given in Chinese unless a test names the language.
CHINESE = {
    "name": "name_zh_hans",
    "majors": "majors_zh_hans",
    "other_conditions": "other_conditions_zh_hans",
}


def row(**overrides):
    values = {
        "code": "CQ-101",
        "name_zh_hans": "肿瘤学研究岗",
        "headcount": 2,
        "majors_zh_hans": "肿瘤学、临床医学",
        "fields": "biomedicine, 医疗卫生",
        "degree_min": "doctor",
        "title_min": "",
        "max_age": 40,
        "other_conditions_zh_hans": "具有海外研究经历者优先",
        "method": "written_interview",
        "written_weight": 60,
        "exempt_from_ratio": "否",
        "questions": "* 请简述您的研究方向\n可到岗时间",
    }
    values.update({CHINESE.get(k, k): v for k, v in overrides.items()})
    return [values.get(c.key) for c in excel.COLUMNS]


def xlsx(rows, headings=HEADINGS, name="posts.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    if headings is not None:
        sheet.append(headings)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def upload(client, organisation, round_, file):
    return client.post(
        en("recruitment_institution:posts_import", organisation.pk),
        {"round": round_.pk, "file": file},
    )


# --- The template -----------------------------------------------------------------------
def test_the_template_has_bilingual_headings_valid_values_and_an_example(
    client, viewer, organisation
):
    client.force_login(viewer)
    response = client.get(en("recruitment_institution:posts_template", organisation.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    posts, values = workbook.worksheets
    headings = [c.value for c in posts[1]]
    assert "岗位代码 / Post code *" in headings and "考核方式 / Assessment method *" in headings
    assert "报名问题 / Questions" in headings
    assert posts.cell(row=2, column=2).value == excel.EXAMPLE_NAME
    listed = {c.value for column in values.iter_cols() for c in column if c.value}
    assert {"healthcare", "医疗卫生", "doctor", "博士", "associate_senior"} <= listed
    assert {"written_interview", "笔试和面试", "direct assessment"} <= listed
    assert posts.data_validations.dataValidation


def test_the_filled_in_template_imports(client, recruiter, organisation, round_):
    client.force_login(recruiter)
    template = client.get(en("recruitment_institution:posts_template", organisation.pk)).content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    sheet.append(row())
    sheet.append(
        row(
            code="CQ-102",
            name="Data scientist",
            headcount="1",
            fields="",
            degree_min="硕士",
            title_min="intermediate",
            max_age=None,
            method="面试",
            written_weight=None,
            exempt_from_ratio="是 yes",
            questions=None,
        )
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(
        client, organisation, round_, SimpleUploadedFile("posts.xlsx", buffer.getvalue())
    )
    assert response.status_code == 302
    assert response.url.endswith(f"?round={round_.pk}")
    posts = {post.code: post for post in Post.objects.all()}
    assert set(posts) == {"CQ-101", "CQ-102"}  # the example row is left out
    tumour, data = posts["CQ-101"], posts["CQ-102"]
    assert tumour.institution == organisation and tumour.round == round_
    assert tumour.created_by == recruiter
    assert tumour.weights() == {"written": 60, "interview": 40}
    assert {f.slug for f in tumour.fields.all()} == {"biomedicine", "healthcare"}
    assert tumour.max_age == 40 and not tumour.exempt_from_ratio
    assert [(q.text, q.required) for q in tumour.questions.all()] == [
        ("请简述您的研究方向", True),
        ("可到岗时间", False),
    ]
    assert data.degree_min == "master" and data.title_min == "intermediate"
    assert data.method == "interview" and data.written_weight == 0
    assert data.exempt_from_ratio and data.max_age is None
    assert not data.questions.exists() and not data.fields.exists()
    assert AuditEntry.objects.filter(action="post.created").count() == 2
    assert "2 posts imported." in client.get(response.url).content.decode()


def test_one_bad_row_imports_nothing_and_every_mistake_is_listed(
    client, recruiter, organisation, round_
):
    PostFactory(round=round_, institution=institution(), code="TAKEN")
    client.force_login(recruiter)
    file = xlsx(
        [
            row(code="OK-1"),
            row(code="OK-2", degree_min="幼儿园", fields="biomedicine, astrology"),
            row(code="OK-3", method="written_interview", written_weight=0),
            row(code="TAKEN"),
            row(code="OK-1", name="重复代码"),
            row(code="OK-6", headcount="many", exempt_from_ratio="maybe", max_age=5),
            row(code="", name=""),
        ]
    )
    response = upload(client, organisation, round_, file)
    assert response.status_code == 400
    assert not Post.objects.filter(institution=organisation).exists()
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    assert "Nothing was imported: 6 rows have mistakes." in page
    errors = {error.row: error.messages for error in response.context["result"].errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert any("“幼儿园” is not a valid minimum degree" in m for m in errors[3])
    assert any("“astrology” is not a valid discipline field" in m for m in errors[3])
    assert any("between 1% and 99%" in m for m in errors[4])
    assert any("another post of this round has the code “TAKEN”" in m for m in errors[5])
    assert any("also the code of row 2" in m for m in errors[6])
    assert any(m.startswith("招聘人数 / Headcount:") for m in errors[7])
    assert any("write yes or no" in m for m in errors[7])
    assert any(m.startswith("年龄上限 / Maximum age:") for m in errors[7])
    assert any(m.startswith("岗位代码 / Post code:") for m in errors[8])
    assert not AuditEntry.objects.filter(action="post.created").exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("posts.xlsx", b""), "empty"),
        (SimpleUploadedFile("posts.xlsx", b"%PDF-1.4 not a workbook"), "not an Excel workbook"),
        (SimpleUploadedFile("posts.xlsx", b"PK\x03\x04 broken zip"), "not an Excel workbook"),
        (SimpleUploadedFile("posts.xlsx", b"x" * (3 * 1024 * 1024)), "too large"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(
    client, recruiter, organisation, round_, file, message
):
    client.force_login(recruiter)
    response = upload(client, organisation, round_, file)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(client, recruiter, organisation, round_):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    client.force_login(recruiter)
    response = upload(
        client, organisation, round_, SimpleUploadedFile("posts.xlsx", buffer.getvalue())
    )
    assert response.status_code == 400
    assert "not an Excel workbook" in response.content.decode()


@pytest.mark.parametrize(
    ("headings", "rows", "message"),
    [
        (["Favourite colour", *HEADINGS], [["red", *row()]], "Unknown columns: “Favourite colour”"),
        (HEADINGS[1:], [row()[1:]], "Missing columns: “岗位代码 / Post code”"),
        (None, [], "The first row must hold the column headings"),
        (HEADINGS, [], "The workbook holds no post."),
    ],
)
def test_file_level_mistakes_are_explained(
    client, recruiter, organisation, round_, headings, rows, message
):
    client.force_login(recruiter)
    response = upload(client, organisation, round_, xlsx(rows, headings=headings))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_too_many_rows_are_refused(client, recruiter, organisation, round_, monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    client.force_login(recruiter)
    response = upload(client, organisation, round_, xlsx([row(code=f"R-{i}") for i in range(4)]))
    assert response.status_code == 400
    assert "Import at most 3 posts at once" in response.content.decode()
    assert not Post.objects.exists()


def test_headings_in_either_language_are_recognised(client, recruiter, organisation, round_):
    client.force_login(recruiter)
    english = [c.en for c in excel.COLUMNS]
    response = upload(client, organisation, round_, xlsx([row()], headings=english))
    assert response.status_code == 302
    chinese = [c.zh for c in excel.COLUMNS]
    response = upload(client, organisation, round_, xlsx([row(code="ZH-1")], headings=chinese))
    assert response.status_code == 302
    assert Post.objects.count() == 2


def test_a_round_past_registration_takes_no_import(client, recruiter, organisation, round_):
    services.close_registration(StaffFactory(roles=[STAFF_RECRUITMENT]), round_)
    client.force_login(recruiter)
    response = upload(client, organisation, round_, xlsx([row()]))
    assert response.status_code == 400
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("viewer", 403), ("outsider", 403), ("talent", 403), ("anonymous", 302)],
)
def test_who_may_import(client, request, organisation, round_, who, expected):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(en("recruitment_institution:posts_import", organisation.pk)).status_code == (
        expected
    )
    response = upload(client, organisation, round_, xlsx([row()]))
    assert response.status_code == expected
    assert not Post.objects.exists()


def test_an_enterprise_may_not_import(client, round_):
    enterprise = OrganisationFactory()
    member = MembershipFactory(organisation=enterprise, role="owner").user
    client.force_login(member)
    assert upload(client, enterprise, round_, xlsx([row()])).status_code == 403
    assert not Post.objects.exists()


def test_formulas_are_never_imported_nor_exported(client, recruiter, organisation, round_):
    client.force_login(recruiter)
    formula = '=HYPERLINK("http://x","点我")'
    # A formula typed into a cell is not taken for the post's name.
    response = upload(client, organisation, round_, xlsx([row(name=formula)]))
    assert response.status_code == 400
    assert not Post.objects.exists()
    # A name that looks like a formula is written out as text.
    PostFactory(round=round_, institution=organisation, name_zh_hans=formula)
    exported = client.get(en("recruitment_institution:posts_export", organisation.pk))
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    cell = sheet.cell(row=2, column=3)
    assert cell.value == formula and cell.data_type == "s"


# --- The export ----------------------------------------------------------------------------
def test_the_export_lists_our_posts_and_can_be_imported_again(
    client, recruiter, viewer, organisation, round_, django_assert_max_num_queries
):
    post = PostFactory(
        round=round_,
        institution=organisation,
        code="EXP-1",
        method="written_interview",
        written_weight=70,
        max_age=45,
    )
    services.save_post(recruiter, post, questions=[{"text": "研究方向", "required": True}])
    for i in range(4):
        PostFactory(round=round_, institution=organisation, code=f"EXP-{i + 2}")
    PostFactory(round=round_, institution=institution(), code="ELSEWHERE")
    question = post.questions.get()
    apply_to(applicant(), post, answers={str(post.pk): {str(question.pk): "类器官"}})
    other_round = RoundFactory()
    PostFactory(round=other_round, institution=organisation, code="LATER")
    client.force_login(viewer)
    url = en("recruitment_institution:posts_export", organisation.pk)
    with django_assert_max_num_queries(12):
        response = client.get(f"{url}?round={round_.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headings = [c.value for c in sheet[1]]
    rows = [dict(zip(headings, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]
    assert [r["岗位代码 / Post code"] for r in rows] == [f"EXP-{i}" for i in range(1, 6)]
    first = rows[0]
    assert first["笔试权重(%) / Written exam weight (%)"] == 70
    assert first["报名问题 / Questions"] == "* 研究方向"
    assert first["报名人数 / Applicants"] == 1 and first["年龄上限 / Maximum age"] == 45
    everything = client.get(url)
    assert load_workbook(io.BytesIO(everything.content)).worksheets[0].max_row == 7

    # The exported file goes into another round as it is.
    client.force_login(recruiter)
    fresh = RoundFactory()
    again = upload(client, organisation, fresh, SimpleUploadedFile("export.xlsx", response.content))
    assert again.status_code == 302
    copied = Post.objects.get(round=fresh, code="EXP-1")
    assert copied.written_weight == 70 and copied.questions.get().required


@pytest.mark.parametrize(("who", "expected"), [("outsider", 403), ("talent", 403)])
def test_others_get_no_export(client, request, organisation, who, expected):
    client.force_login(request.getfixturevalue(who))
    response = client.get(en("recruitment_institution:posts_export", organisation.pk))
    assert response.status_code == expected
