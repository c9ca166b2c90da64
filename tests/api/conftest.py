import pytest

from yingcai.api import services


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def token_for():
    """`token_for(user, scope="read")` -> the headers carrying a new token of `user`."""

    def make(user, scope="read", **kwargs):
        _token, secret = services.create_token(user, kwargs.pop("name", "script"), scope, **kwargs)
        return bearer(secret)

    return make
