"""What an uploaded file is, judged by its content, never by its name or the browser's word."""

import zipfile

SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


def sniff(uploaded) -> str | None:
    """ "pdf", "jpg", "png" or "docx"; None for anything else. Leaves the file at its start."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None
