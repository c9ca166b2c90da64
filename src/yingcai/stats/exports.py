"""One exporter, many formats: the figures' breakdowns as a table, written as XLSX or CSV.

`table()` produces the rows once — (figure, dimension, bucket, count), a "total" row first for
each figure — and a writer per format turns them into bytes. A new format is one more entry in
`WRITERS`. People read the file: every cell is a label in the active language, never a code
(a figure key, a district's slug); headings carry both languages, as `jobs.excel` does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import pgettext

from yingcai.core.registry import figures as registry


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    width: int = 18

    @property
    def heading(self) -> str:
        return f"{self.zh} / {self.en}"


COLUMNS = [
    Column("figure_label", "指标", "Figure", 36),
    Column("dimension_label", "维度", "Dimension", 18),
    Column("bucket_label", "分类", "Bucket", 26),
    Column("count", "数量", "Count", 10),
]


@dataclass
class Table:
    title: str
    moment: datetime
    columns: list[Column] = field(default_factory=lambda: list(COLUMNS))
    rows: list[tuple] = field(default_factory=list)


def _language() -> str:
    return "zh-hans" if (translation.get_language() or "").lower().startswith("zh") else "en"


def table(figures: dict[str, dict], moment: datetime | None = None, title: str = "") -> Table:
    """The rows of computed figures (`registry.compute`/`current` output)."""
    language = _language()
    found = Table(title=title or "figures", moment=moment or timezone.now())
    labels_of: dict[str, dict[str, str]] = {}
    total = pgettext("sum of a column", "Total")
    for key, figure in figures.items():
        label = figure["label"].get(language, key)
        found.rows.append((label, total, "", figure["value"]))
        for dimension_key, buckets in figure["breakdowns"].items():
            if dimension_key not in labels_of:
                labels_of[dimension_key] = registry.bucket_labels(dimension_key)
            names = labels_of[dimension_key]
            dimension_label = str(registry.dimension(dimension_key).label)
            for bucket, count in buckets.items():
                found.rows.append((label, dimension_label, names.get(bucket, bucket), count))
    return found


# --- Writers -------------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """A text cell never starts like a formula (CSV injection); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(found: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.heading for column in found.columns])
    for row in found.rows:
        writer.writerow([_safe(value) for value in row])
    # The BOM lets Excel on a Chinese Windows read the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(found: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(found.title[:31] or "figures")
    for index, column in enumerate(found.columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = column.width
    sheet.freeze_panes = "A2"
    headings = []
    for column in found.columns:
        cell = WriteOnlyCell(sheet, value=column.heading)
        cell.font = Font(bold=True)
        headings.append(cell)
    sheet.append(headings)
    for row in found.rows:
        sheet.append([_safe(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Writer:
    extension: str
    content_type: str
    write: Callable[[Table], bytes]
    name: str


WRITERS: dict[str, Writer] = {
    "xlsx": Writer(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        write_xlsx,
        "Excel (XLSX)",
    ),
    "csv": Writer("csv", "text/csv; charset=utf-8", write_csv, "CSV"),
}


def writer(format_: str) -> Writer | None:
    return WRITERS.get((format_ or "").lower())


def export(figures: dict[str, dict], format_: str, moment: datetime | None = None) -> bytes:
    """The figures written in one format; KeyError for an unknown format."""
    chosen = writer(format_)
    if chosen is None:
        raise KeyError(format_)
    return chosen.write(table(figures, moment))
