"""The unified social credit code (统一社会信用代码, GB 32100-2015) of Chinese organisations."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if len(code) != 18 or any(c not in CHARSET for c in code):
        raise ValidationError(
            _("A unified social credit code has 18 digits and capital letters."), code="format"
        )
    if check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("This unified social credit code is not valid (its check character is wrong)."),
            code="checksum",
        )
