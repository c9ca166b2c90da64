"""The honours registry and the guest list in Excel (.xlsx): a registry list imported (all rows
or none, with the problems of each row), the guest list exported with labels in words, never
codes. Reading, writing and their safety are `yingcai.core.spreadsheets`."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingcai.conference.services import site_settings
from yingcai.core.spreadsheets import (
    Cells,
    Choices,
    Column,
    ImportResult,
    RowError,
    Sheet,
    labels,
    read_rows,
    template,
    workbook,
)

from .models import Honour
from .services import honours as services

MAX_ROWS = 2000

COLUMNS = [
    Column("kind", "荣誉", "Honour", True, 28),
    Column("year", "年度", "Year", True, 8),
    Column("category", "类别", "Category", True, 20),
    Column("name", "姓名", "Name", True, 14),
    Column("name_en", "英文姓名", "Name in English", width=18),
    Column("affiliation", "单位", "Affiliation", width=28),
    Column("email", "邮箱", "E-mail", width=26),
    Column("mobile", "手机", "Mobile", width=16),
]
SHEET = Sheet("荣誉名单 Honours", COLUMNS, example=("name", "示例 Example"))


def _kinds() -> Choices:
    return Choices(
        labels(Honour.Kind.choices),
        [
            ("重庆英才奖", "award"),
            ("英才奖", "award"),
            ("重庆市优秀人才奖", "award"),
            ("英才计划", "program"),
            ("重庆英才计划", "program"),
            *([(chosen, "award")] if (chosen := site_settings().award_name_zh_hans) else []),
        ],
    )


def honours_template() -> bytes:
    return template(
        SHEET,
        example={
            "kind": "重庆英才奖",
            "year": 2019,
            "category": "优秀科学家",
            "name": "示例 Example",
            "name_en": "",
            "affiliation": "重庆大学",
            "email": "",
            "mobile": "",
        },
        notes=["每行一人。Each row is one person."],
        sections=[("kind", "荣誉 Honour")],
        known={"kind": labels(Honour.Kind.choices)},
        drop_downs=["kind"],
        max_rows=MAX_ROWS,
    )


def _row(cells: Cells, kinds: Choices) -> Honour:
    kind = cells.choice("kind", kinds, _("honour"))
    year_text = cells.number("year")
    year = int(year_text) if year_text.isdigit() else None
    if year is None:
        cells.problem("year", _("%(column)s: give a year.") % {"column": SHEET.label("year")})
    return Honour(
        kind=kind,
        year=year,
        category_zh_hans=cells.text("category")[:100],
        name_zh_hans=cells.text("name")[:100],
        name_en=cells.text("name_en")[:100],
        affiliation_zh_hans=cells.text("affiliation")[:200],
        email=cells.text("email")[:254],
        mobile=cells.text("mobile")[:20],
    )


KEYS = {
    "name_zh_hans": "name",
    "category_zh_hans": "category",
    "affiliation_zh_hans": "affiliation",
}


def _messages(cells: Cells, honour: Honour) -> list[str]:
    """The row's problems: its cells, the registry's checks, the fields' own (an e-mail)."""
    errors: dict[str, list] = {}
    for check in (
        lambda: services.clean_honour(honour),
        lambda: honour.clean_fields(exclude=["talent", "kind", "year", "public_consent_at"]),
    ):
        try:
            check()
        except ValidationError as error:
            found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, messages in found.items():
                errors.setdefault(KEYS.get(name, name), []).extend(messages)
    return cells.messages(errors)


def import_honours(actor, uploaded) -> ImportResult:
    """One honour per row, all or none; a refused file raises ValidationError."""
    rows = read_rows(
        uploaded,
        SHEET,
        max_rows=MAX_ROWS,
        too_many=_("Import at most %(n)s honours at once: split the file.") % {"n": MAX_ROWS},
        empty=_("The workbook holds no honour."),
    )
    kinds = _kinds()
    honours, errors = [], []
    for number, values in rows:
        cells = Cells(SHEET, values)
        honour = _row(cells, kinds)
        messages = _messages(cells, honour)
        if messages:
            errors.append(RowError(number, messages))
        else:
            honours.append(honour)
    if errors:
        return ImportResult(errors=errors)
    return ImportResult(created=services.create_honours(actor, honours))


GUEST_COLUMNS = [
    Column("name", "姓名", "Name", width=16),
    Column("title", "公开头衔", "Public title", width=30),
    Column("category", "类别", "Category", width=16),
    Column("organisation", "单位", "Organisation", width=24),
    Column("status", "状态", "Status", width=12),
    Column("email", "邮箱", "E-mail", width=26),
    Column("mobile", "手机", "Mobile", width=16),
    Column("language", "语言", "Language", width=10),
    Column("arrival", "抵达方式", "Arrival by", width=10),
    Column("number", "航班或车次", "Flight or train number", width=12),
    Column("arrival_at", "抵达时间", "Arrival time", width=18),
    Column("departure_at", "离开时间", "Departure time", width=18),
    Column("hotel", "酒店", "Hotel", width=20),
    Column("pickup", "接站", "Pick-up", width=8),
    Column("liaison", "联络人", "Liaison person", width=14),
    Column("liaison_phone", "联络人电话", "Liaison's telephone", width=16),
    Column("seat", "座位", "Seat", width=8),
    Column("dietary", "饮食需求", "Dietary needs", width=20),
    Column("needs", "其他需求", "Other needs", width=24),
    Column("public", "同意公开", "Listed publicly", width=10),
    Column("invited_at", "邀请时间", "Invited", width=18),
    Column("answered_at", "回复时间", "Answered", width=18),
]


def guests_workbook(guests) -> bytes:
    def rows():
        for guest in guests:
            yield [
                guest.name,
                guest.public_title,
                guest.get_category_display(),
                guest.organisation,
                guest.get_status_display(),
                guest.email,
                guest.mobile,
                guest.get_language_display(),
                guest.get_arrival_display() if guest.arrival else "",
                guest.arrival_number,
                guest.arrival_at,
                guest.departure_at,
                guest.hotel,
                _("yes") if guest.pickup else _("no"),
                guest.liaison_name,
                guest.liaison_phone,
                guest.seat,
                guest.dietary,
                guest.needs,
                _("yes") if guest.public_consent_at else _("no"),
                guest.invited_at,
                guest.answered_at,
            ]

    return workbook("嘉宾 Guests", GUEST_COLUMNS, rows())
