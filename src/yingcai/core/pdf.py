"""Chinese in the PDFs the site makes (certificates, tickets, badges, agendas, the press report).

They set Chinese in STSong-Light, an Adobe CID font every PDF reader has: nothing is embedded,
the files stay small, and its Latin letters serve English names too.
"""

CJK_FONT = "STSong-Light"


def cjk_font() -> str:
    """The font's name, registered with reportlab once per process."""
    # reportlab loads when a PDF is asked for, not in every web process.
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415

    try:
        pdfmetrics.getFont(CJK_FONT)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT
