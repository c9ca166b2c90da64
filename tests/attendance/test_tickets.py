"""Signed tickets: what the server signs, it verifies; anything altered or forged is refused."""

import base64
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingcai.attendance import tickets


def test_a_signed_ticket_verifies_to_what_was_signed():
    secret = tickets.new_secret()
    code = tickets.sign(secret, 42, date(2020, 11, 21))
    assert code.startswith("YC1.")
    assert tickets.verify(code) == tickets.Ticket(secret, 42, date(2020, 11, 21))
    # Deterministic: the same ticket always has the same code (its QR never changes).
    assert tickets.sign(secret, 42, date(2020, 11, 21)) == code


@pytest.mark.parametrize(
    "alter",
    [
        lambda c: c.replace(".42.", ".43."),
        lambda c: c.replace(".20201121.", ".20201122."),
        lambda c: "YC1.x" + c[5:],
        lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),
        lambda c: c.rsplit(".", 1)[0],
        lambda c: c + ".more",
        lambda c: "YC2" + c[3:],
        lambda c: "",
        lambda c: c.replace(".20201121.", ".20201340."),
        lambda c: c.replace(".42.", ".042."),
        lambda c: c + "\x00",
    ],
)
def test_an_altered_code_is_refused(alter):
    code = tickets.sign(tickets.new_secret(), 42, date(2020, 11, 21))
    with pytest.raises(tickets.BadTicket):
        tickets.verify(alter(code))


@given(st.text(max_size=300))
def test_no_text_is_taken_for_a_ticket_or_breaks_the_check(text):
    with pytest.raises(tickets.BadTicket):
        tickets.verify(text)


def test_the_public_key_is_what_the_page_imports():
    der = base64.b64decode(tickets.public_key_spki())
    assert len(der) == 91  # SubjectPublicKeyInfo of an uncompressed P-256 point
