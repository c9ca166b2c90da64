"""The moment figures are asked at (`?at=`, `--at`), read the same by every face."""

from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def parse_moment(text: str) -> datetime:
    """An ISO date (the end of that day) or date and time, in the site's time zone."""
    text = text.strip()
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError:
        moment = day = None
    if moment is None and day is not None:
        moment = datetime.combine(day, time.max)
    if moment is None:
        raise ValueError(text)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
