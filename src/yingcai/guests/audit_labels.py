"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

LABELS = {}
