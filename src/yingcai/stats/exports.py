"""One exporter, many formats: the figures' breakdowns as a table, written as XLSX or CSV.

`table()` produces the rows once — (figure, dimension, bucket, count), a "total" row first for
each figure — and a writer per format turns them into bytes. A new format is one more entry in
`WRITERS`. People read the file: every cell is a label in the active language, never a code
(a figure key, a district's slug); headings carry both languages. The files are written by
`yingcai.core.spreadsheets`, as every export is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import pgettext

from yingcai.core import spreadsheets
from yingcai.core.registry import figures as registry
from yingcai.core.spreadsheets import Column

COLUMNS = [
    Column("figure_label", "指标", "Figure", width=36),
    Column("dimension_label", "维度", "Dimension", width=18),
    Column("bucket_label", "分类", "Bucket", width=26),
    Column("count", "数量", "Count", width=10),
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
def write_csv(found: Table) -> bytes:
    return spreadsheets.csv_bytes(found.columns, found.rows)


def write_xlsx(found: Table) -> bytes:
    return spreadsheets.workbook(found.title or "figures", found.columns, found.rows)


@dataclass(frozen=True)
class Writer:
    extension: str
    content_type: str
    write: Callable[[Table], bytes]
    name: str


WRITERS: dict[str, Writer] = {
    "xlsx": Writer("xlsx", spreadsheets.XLSX, write_xlsx, "Excel (XLSX)"),
    "csv": Writer("csv", spreadsheets.CSV, write_csv, "CSV"),
}


def writer(format_: str) -> Writer | None:
    return WRITERS.get((format_ or "").lower())


def export(figures: dict[str, dict], format_: str, moment: datetime | None = None) -> bytes:
    """The figures written in one format; KeyError for an unknown format."""
    chosen = writer(format_)
    if chosen is None:
        raise KeyError(format_)
    return chosen.write(table(figures, moment))
