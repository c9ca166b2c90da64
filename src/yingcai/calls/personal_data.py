"""The personal data of the calls machinery, one provider per part (core.registry)."""

from . import personal_data_decisions  # noqa: F401
