"""Signed tickets: a QR code that a check-in page verifies without the server.

The idea is pretix's signed tickets: the QR code holds the ticket's secret, the session it
admits to and its day, signed with the conference's private key; the check-in page holds the
public key and verifies the signature itself (WebCrypto), so a phone that lost the network
still refuses a forged or altered code, or the ticket of another session or day. What a
signature cannot tell — that a ticket was cancelled, that it was already used — the page
learns from the revocation list it syncs and from the server when the scans reach it.

The signature is ECDSA over P-256 with SHA-256 (deterministic, RFC 6979, so a ticket's code
never changes), in the raw r‖s form WebCrypto verifies; docs/decisions.md says why not
Ed25519. The code is ASCII, short enough for a QR code a phone reads at arm's length:

    YC1.<secret>.<session id>.<YYYYMMDD>.<signature, base64url>

The key pair is `settings.TICKET_SIGNING_KEY` (a PEM private key) when set, otherwise derived
from `SECRET_KEY` (HKDF); changing either invalidates every ticket issued (docs/operations.md).
"""

import base64
import functools
import secrets
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "YC1"
_CURVE = ec.SECP256R1()
_ORDER = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)
MAX_LENGTH = 200


def new_secret() -> str:
    return secrets.token_urlsafe(16)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@functools.cache
def _private_key(pem: str, secret_key: str) -> ec.EllipticCurvePrivateKey:
    if pem:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != _CURVE.name:
            raise ValueError("TICKET_SIGNING_KEY must be a P-256 (prime256v1) private key.")
        return key
    material = HKDF(
        algorithm=hashes.SHA256(), length=48, salt=b"yingcai-ticket-key", info=b"P-256"
    ).derive(secret_key.encode())
    return ec.derive_private_key(int.from_bytes(material, "big") % (_ORDER - 1) + 1, _CURVE)


def private_key() -> ec.EllipticCurvePrivateKey:
    return _private_key(getattr(settings, "TICKET_SIGNING_KEY", "") or "", settings.SECRET_KEY)


def public_key_spki() -> str:
    """The public key as base64 SubjectPublicKeyInfo: what the check-in page imports."""
    der = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.b64encode(der).decode("ascii")


def _message(secret: str, session_id: int, day: date) -> str:
    return f"{PREFIX}.{secret}.{session_id}.{day:%Y%m%d}"


def sign(secret: str, session_id: int, day: date) -> str:
    """The text of the ticket's QR code."""
    message = _message(secret, session_id, day)
    der = private_key().sign(
        message.encode("ascii"), ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
    )
    r, s = decode_dss_signature(der)
    return f"{message}.{_b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


@dataclass(frozen=True)
class Ticket:
    secret: str
    session_id: int
    day: date


class BadTicket(ValueError):
    """Not one of our tickets: unreadable, altered or forged."""


def verify(code: str) -> Ticket:
    """The ticket a code stands for, if its signature holds; `BadTicket` otherwise."""
    if not isinstance(code, str) or len(code) > MAX_LENGTH:
        raise BadTicket
    parts = code.strip().split(".")
    if len(parts) != 5 or parts[0] != PREFIX:
        raise BadTicket
    _prefix, secret, session, day, signature = parts
    try:
        raw = _unb64(signature)
        session_id = int(session)
        moment = date(int(day[:4]), int(day[4:6]), int(day[6:8]))
    except (ValueError, TypeError) as error:
        raise BadTicket from error
    if len(raw) != 64 or len(day) != 8 or not secret or str(session_id) != session:
        raise BadTicket
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        private_key().public_key().verify(
            der, ".".join(parts[:4]).encode("ascii"), ec.ECDSA(hashes.SHA256())
        )
    except (InvalidSignature, UnicodeEncodeError) as error:
        raise BadTicket from error
    return Ticket(secret=secret, session_id=session_id, day=moment)
