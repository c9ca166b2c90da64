"""An organisation's project demands in Excel (.xlsx): the import template, the import, the export.

The columns and the demands' rules; reading, writing and their safety are
`yingcai.core.spreadsheets`, as for job requirements. Every imported row goes through
`DemandForm` (the web form's checks, for the organisation's kind of demand) and the service
(`services.demands.create_demands`), which saves all rows or none. A column the organisation's
kind does not use must stay empty (an investor's ticket size in an enterprise's file is a
mistake, not something to drop silently).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingcai.core.models import DisciplineField, District
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

from .forms_demand import DemandForm
from .models import Currency, Demand, Industry, Stage
from .rules.demands import demand_kind_of
from .services import demands as services

MAX_ROWS = 1000
SEPARATORS = re.compile(r"[,，、;；\n]+")

COLUMNS = [
    Column("title_zh_hans", "需求名称", "Title", True, 28),
    Column("title_en", "英文需求名称", "Title in English", width=28),
    Column("description_zh_hans", "需求描述", "Description", True, 40),
    Column("description_en", "英文需求描述", "Description in English", width=40),
    Column("fields", "学科领域", "Discipline fields", True, 24),
    Column("industries", "产业", "Industries", width=24),
    Column("offers_zh_hans", "可提供的条件", "What we offer", width=32),
    Column("offers_en", "英文可提供的条件", "What we offer in English", width=32),
    Column("districts", "区县", "Districts or counties", width=20),
    Column("stages", "项目阶段", "Stages", width=18),
    Column("ticket_min", "投资金额下限", "Ticket size from", width=14),
    Column("ticket_max", "投资金额上限", "Ticket size up to", width=14),
    Column("currency", "币种", "Currency", width=10),
    Column("contact_name", "联系人", "Contact person"),
    Column("contact_email", "联系邮箱", "Contact e-mail", width=24),
    Column("contact_phone", "联系电话", "Contact telephone"),
]
EXPORT_ONLY = [
    Column("id", "编号", "Number", width=8),
    Column("kind", "需求类型", "Kind of demand", width=14),
    Column("status", "状态", "Status", width=12),
    Column("created_at", "创建时间", "Created", width=18),
    Column("published_at", "发布时间", "Published", width=18),
]
EXAMPLE_TITLE = "示例 Example: 新能源汽车功率芯片项目投资"
DEMANDS_SHEET = "项目需求 Demands"
SHEET = Sheet(DEMANDS_SHEET, COLUMNS, EXPORT_ONLY, example=("title_zh_hans", EXAMPLE_TITLE))
MANY = ("fields", "industries", "districts", "stages")
CHOICES = ("currency",)
VALUE_SECTIONS = [
    ("fields", "学科领域 Discipline fields"),
    ("industries", "产业 Industries"),
    ("districts", "区县 Districts and counties"),
    ("stages", "阶段 Stages"),
    ("currency", "币种 Currencies"),
]


def valid_values() -> dict[str, list[tuple[str, str, str]]]:
    return {
        "fields": list(DisciplineField.objects.values_list("slug", "name_zh_hans", "name_en")),
        "industries": list(Industry.objects.values_list("slug", "name_zh_hans", "name_en")),
        "districts": list(District.objects.values_list("slug", "name_zh_hans", "name_en")),
        "stages": labels(Stage.choices),
        "currency": labels(Currency.choices),
    }


def _example_row() -> dict:
    return {
        "title_zh_hans": EXAMPLE_TITLE,
        "title_en": "Example: investment in power chips for electric vehicles",
        "description_zh_hans": "关注车规级功率半导体与电池材料项目。",
        "description_en": "Automotive power semiconductors and battery materials.",
        "fields": "electronic-information",
        "industries": "new-energy, intelligent-vehicles",
        "offers_zh_hans": "",
        "offers_en": "",
        "districts": "liangjiang",
        "stages": "prototype, revenue",
        "ticket_min": 1_000_000,
        "ticket_max": 30_000_000,
        "currency": "CNY",
        "contact_name": "李经理",
        "contact_email": "invest@example.cn",
        "contact_phone": "023-12345678",
    }


def template_workbook() -> bytes:
    return template(
        SHEET,
        example=_example_row(),
        notes=[
            "说明 Notes: * 必填 required. 多个值用逗号分隔 several values: separated by commas. "
            f"标题为“{EXAMPLE_TITLE}”的示例行不会导入 / the example row is not imported. "
            f"每次最多 at most {MAX_ROWS} 行 rows.",
            "只填写与贵单位类型相符的列 fill in only the columns of your kind of demand: "
            "企业 enterprise — 产业, 区县; 区县政府/产业园区 district or park — 可提供的条件 "
            "(必填 required), 产业, 区县 (必填 required); 投资机构 investor — 产业, 区县, 阶段, "
            "金额, 币种; 高校院所 university — 产业, 阶段.",
        ],
        sections=VALUE_SECTIONS,
        known=valid_values(),
        drop_downs=CHOICES,
        max_rows=MAX_ROWS,
    )


class _Converter:
    """Reads a row's cells into what the form takes: codes of choices, ids of relations."""

    def __init__(self):
        known = valid_values()
        self.choices = {key: Choices(rows) for key, rows in known.items()}
        self.pks = {
            "fields": dict(DisciplineField.objects.values_list("slug", "pk")),
            "industries": dict(Industry.objects.values_list("slug", "pk")),
            "districts": dict(District.objects.values_list("slug", "pk")),
        }
        self.names = {
            "fields": _("discipline field"),
            "industries": _("industry"),
            "districts": _("district or county"),
            "stages": _("stage"),
            "currency": _("currency"),
        }

    def convert(self, cells: Cells, form_fields) -> dict:
        data = {}
        for column in COLUMNS:
            key = column.key
            if key in MANY:
                codes = cells.choices(key, self.choices[key], self.names[key], SEPARATORS)
                data[key] = [self.pks[key][c] for c in codes] if key in self.pks else codes
            elif key == "currency":
                spelled = cells.text(key)
                data[key] = cells.choice(key, self.choices[key], self.names[key]) if spelled else ""
            elif key in ("ticket_min", "ticket_max"):
                data[key] = cells.number(key)
            else:
                data[key] = cells.text(key)
            if key not in form_fields and data[key] not in ("", [], None):
                cells.problem(
                    key,
                    _("%(column)s: this does not apply to your kind of demand; leave it empty.")
                    % {"column": SHEET.label(key)},
                )
        return data


def validate_rows(kind: str, rows) -> tuple[list[tuple[int, Demand, dict]], list[RowError]]:
    converter = _Converter()
    known = {
        "fields": {str(f.pk): f for f in DisciplineField.objects.all()},
        "industries": {str(i.pk): i for i in Industry.objects.all()},
        "districts": {str(d.pk): d for d in District.objects.all()},
    }
    form_fields = set(DemandForm(kind=kind, known=known).fields)
    found, errors = [], []
    for number, row in rows:
        cells = Cells(SHEET, row)
        data = converter.convert(cells, form_fields)
        form = DemandForm(data=data, kind=kind, known=known, instance=Demand(kind=kind))
        valid = form.is_valid()
        messages = cells.messages(form.errors)
        if messages or not valid:
            errors.append(RowError(number, messages or [_("This row is not valid.")]))
        else:
            found.append((number, form.instance, form.relations))
    return found, errors


def _service_messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return error.messages
    return SHEET.messages(error.message_dict)


def import_demands(actor, organisation, uploaded) -> ImportResult:
    """One draft per row, all or none; a file to refuse raises ValidationError."""
    rows = read_rows(
        uploaded,
        SHEET,
        max_rows=MAX_ROWS,
        too_many=_("Import at most %(n)s demands at once: split the file.") % {"n": MAX_ROWS},
        empty=_("The workbook holds no demand."),
    )
    found, errors = validate_rows(demand_kind_of(organisation) or "", rows)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        result.created = services.create_demands(
            actor, organisation, [(demand, relations) for _n, demand, relations in found]
        )
    except services.DemandsInvalid as invalid:
        numbers = [number for number, _demand, _relations in found]
        result.errors = [
            RowError(numbers[index], _service_messages(error)) for index, error in invalid.problems
        ]
    return result


def demands_workbook(demands) -> bytes:
    """`demands` with `fields`, `industries` and `districts` prefetched."""
    headings = [EXPORT_ONLY[0], *COLUMNS, *EXPORT_ONLY[1:]]
    stage_names = dict(Stage.choices)

    def names(objects) -> str:
        # Names in the reader's language, never codes: the import reads them back.
        return ", ".join(str(obj.name) for obj in objects)

    def rows():
        for demand in demands:
            yield [
                demand.pk,
                demand.title_zh_hans,
                demand.title_en,
                demand.description_zh_hans,
                demand.description_en,
                names(demand.fields.all()),
                names(demand.industries.all()),
                demand.offers_zh_hans,
                demand.offers_en,
                names(demand.districts.all()),
                ", ".join(str(stage_names[s]) for s in demand.stage_list if s in stage_names),
                demand.ticket_min,
                demand.ticket_max,
                demand.currency if demand.ticket_min or demand.ticket_max else "",
                demand.contact_name,
                demand.contact_email,
                demand.contact_phone,
                demand.get_kind_display(),
                demand.get_status_display(),
                demand.created_at,
                demand.published_at,
            ]

    return workbook(DEMANDS_SHEET, headings, rows())
