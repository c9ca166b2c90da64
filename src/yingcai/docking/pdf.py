"""Printable docking documents: a participant's agenda, the per-slot table plans of the hall.

Drawn with reportlab like the press report (stats/report.py): Chinese text in the Adobe CID
font STSong-Light, which every PDF reader has, so nothing is embedded and Chinese prints.
"""

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from yingcai.core.pdf import CJK_FONT, cjk_font


def _chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def _styles():
    # reportlab (0.13 s of `python -X importtime`) loads when a PDF is asked for, not in every
    # web process that imports the docking's views.
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415

    cjk_font()
    # The CID font has the Latin letters too: one font whatever the language of the names.
    wrap = "CJK"
    return {
        "title": ParagraphStyle("t", fontName=CJK_FONT, fontSize=16, leading=22, wordWrap=wrap),
        "meta": ParagraphStyle("m", fontName=CJK_FONT, fontSize=9, leading=13, wordWrap=wrap),
        "cell": ParagraphStyle("c", fontName=CJK_FONT, fontSize=10, leading=13, wordWrap=wrap),
        "heading": ParagraphStyle(
            "h", fontName=CJK_FONT, fontSize=12, leading=17, spaceBefore=8, wordWrap=wrap
        ),
    }


def _time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def _document(title: str, story) -> bytes:
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import SimpleDocTemplate  # noqa: PLC0415

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="Yingcai",
        lang="zh-CN" if _chinese() else "en",
    ).build(story)
    return out.getvalue()


def _table(rows, widths):
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.platypus import Table, TableStyle  # noqa: PLC0415

    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def agenda(participant, rows) -> bytes:
    """`rows`: (meeting, other side) of the participant's live meetings, by slot."""
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import Paragraph, Spacer  # noqa: PLC0415

    s = _styles()
    session = participant.session
    title = _("Agenda of %(who)s") % {"who": participant}
    date = formats.date_format(session.date, "DATE_FORMAT")
    story = [
        Paragraph(escape(title), s["title"]),
        Paragraph(escape(f"{session} · {date} · {session.venue}"), s["meta"]),
        Spacer(1, 5 * mm),
    ]
    cells = [
        [
            Paragraph(escape(str(h)), s["cell"])
            for h in (
                pgettext("docking session", "Time"),
                pgettext("docking session", "Table"),
                pgettext("docking session", "With"),
            )
        ]
    ]
    for meeting, other in rows:
        where = str(meeting.table.number)
        if meeting.table.name:
            where += f" · {meeting.table.name}"
        if meeting.table.online_link:
            where += f"\n{meeting.table.online_link}"
        cells.append(
            [
                Paragraph(
                    escape(f"{_time(meeting.slot.starts_at)}–{_time(meeting.slot.ends_at)}"),
                    s["cell"],
                ),
                Paragraph(escape(where).replace("\n", "<br/>"), s["cell"]),
                Paragraph(escape(str(other)), s["cell"]),
            ]
        )
    if len(cells) == 1:
        story.append(Paragraph(escape(_("No meeting is placed for you.")), s["cell"]))
    else:
        story.append(_table(cells, [30 * mm, 50 * mm, 94 * mm]))
    return _document(title, story)


def table_plans(session, slots, meetings_by_slot) -> bytes:
    """One table per slot: table number, the project, the organisation (for the hall)."""
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import PageBreak, Paragraph, Spacer  # noqa: PLC0415

    s = _styles()
    title = _("Table plans: %(session)s") % {"session": session}
    story = [Paragraph(escape(title), s["title"])]
    headers = (
        pgettext("docking session", "Table"),
        pgettext("docking session", "Project"),
        _("Organisation"),
    )
    for n, slot in enumerate(slots):
        if n:
            story.append(PageBreak())
        label = _("Slot %(number)s, %(start)s–%(end)s") % {
            "number": slot.index + 1,
            "start": _time(slot.starts_at),
            "end": _time(slot.ends_at),
        }
        story += [Paragraph(escape(label), s["heading"]), Spacer(1, 3 * mm)]
        cells = [[Paragraph(escape(str(h)), s["cell"]) for h in headers]]
        for meeting in meetings_by_slot.get(slot.pk, []):
            request = meeting.request
            project, organisation = request.requester, request.counterpart
            if project.project_id is None:
                project, organisation = organisation, project
            cells.append(
                [
                    Paragraph(escape(str(meeting.table.number)), s["cell"]),
                    Paragraph(escape(str(project)), s["cell"]),
                    Paragraph(escape(str(organisation)), s["cell"]),
                ]
            )
        if len(cells) == 1:
            story.append(Paragraph(escape(_("No meeting in this slot.")), s["cell"]))
        else:
            story.append(_table(cells, [20 * mm, 77 * mm, 77 * mm]))
    return _document(title, story)
