"""The words a searchable document holds, cut as the queries are (`query`)."""

from yingcai.matching.text import tokenize


def segment(text: str) -> str:
    """The text's search-mode words (a compound and its parts), space-separated."""
    return " ".join(tokenize(text or ""))
