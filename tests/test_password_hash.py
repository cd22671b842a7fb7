"""Password hashes at the real setting, on SQLite and PostgreSQL: a new account gets argon2id at OWASP's
recommended cost, an account hashed at another setting is redone at its next correct sign-in (and still
signs in), and neither a wrong password nor a blocked sign-in touches the stored hash."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select, update

from samen_data.access import accounts
from samen_data.store.db import session_scope
from samen_data.store.models import Gebruiker

EMAIL, PASSWORD = "staf@vng.test", "vng-wachtwoord-12"
OLD = PasswordHasher()  # argon2-cffi's default: 64 MiB, 3 passes, 4 lanes (what accounts were hashed with before)


def stored(engine) -> str:
    with session_scope(engine) as s:
        return s.scalar(select(Gebruiker.wachtwoord_hash).where(Gebruiker.email == EMAIL))


def set_hash(engine, hashed: str) -> None:
    with session_scope(engine) as s:
        s.execute(update(Gebruiker).where(Gebruiker.email == EMAIL).values(wachtwoord_hash=hashed))


@pytest.fixture
def engine(empty_engine):
    accounts.add_user(empty_engine, EMAIL, "vng", password=PASSWORD)
    return empty_engine


def test_new_account_is_argon2id_at_owasp_cost(engine):
    hashed = stored(engine)
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PASSWORD not in hashed
    assert accounts.authenticate(engine, EMAIL, PASSWORD).rol == "vng"


def test_old_setting_is_redone_at_next_correct_sign_in(engine):
    set_hash(engine, OLD.hash(PASSWORD))
    assert stored(engine).startswith("$argon2id$v=19$m=65536,t=3,p=4$")

    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(engine, EMAIL, "verkeerd-wachtwoord-1")
    assert stored(engine).startswith("$argon2id$v=19$m=65536,t=3,p=4$"), "a wrong password must not rehash"

    assert accounts.authenticate(engine, EMAIL, PASSWORD).email == EMAIL
    redone = stored(engine)
    assert redone.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PasswordHasher().verify(redone, PASSWORD)
    with pytest.raises(VerificationError):
        PasswordHasher().verify(redone, "verkeerd-wachtwoord-1")

    assert accounts.authenticate(engine, EMAIL, PASSWORD).email == EMAIL  # and signs in again
    assert stored(engine) == redone, "a hash at the current setting stays as it is"


def test_blocked_sign_in_does_not_rehash(engine, monkeypatch):
    old = OLD.hash(PASSWORD)
    set_hash(engine, old)
    for _ in range(accounts.MAX_POGINGEN):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(engine, EMAIL, "verkeerd-wachtwoord-1")
    with pytest.raises(accounts.LoginFailed, match="tijdelijk geblokkeerd"):
        accounts.authenticate(engine, EMAIL, PASSWORD)
    assert stored(engine) == old
