"""Sign-in under attack, on SQLite and PostgreSQL: parallel guessing loses no failure, the backoff grows
and a success resets it, one address cannot guess through many accounts, and an unknown e-mail answers
exactly like a known one. The clock is injected (accounts._now), nothing here waits for real time."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from samen_data.access import accounts
from samen_data.store.db import session_scope
from samen_data.store.models import Aanmeldpoging

EMAIL, PASSWORD = "staf@vng.test", "vng-wachtwoord-12"
WRONG = "Onbekend e-mailadres of verkeerd wachtwoord."
T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2 at its real cost, hundreds of times, would slow this file; what is tested is the counting around it."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


@pytest.fixture
def engine(empty_engine, cheap_hashes):
    accounts.add_user(empty_engine, EMAIL, "vng", password=PASSWORD)
    return empty_engine


class Clock:
    def __init__(self, monkeypatch) -> None:
        self.now = T0
        monkeypatch.setattr(accounts, "_now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def attempt(engine, email: str, password: str, client: str | None = "203.0.113.7") -> str:
    """What the user reads: 'ingelogd' or the refusal."""
    try:
        scope = accounts.authenticate(engine, email, password, client=client)
    except accounts.LoginFailed as exc:
        return str(exc)
    assert scope.email == email.strip().lower()
    return "ingelogd"


def record(engine, key: str) -> Aanmeldpoging | None:
    with session_scope(engine) as s:
        return s.get(Aanmeldpoging, hashlib.sha256(key.encode()).hexdigest())


def in_parallel(engine, n: int, password: str, clients: list[str]) -> list[str]:
    barrier = threading.Barrier(n)
    answers: list[str] = [""] * n

    def run(i: int) -> None:
        barrier.wait()
        answers[i] = attempt(engine, EMAIL, password, client=clients[i % len(clients)])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_twenty_parallel_failures_all_count(engine, monkeypatch):
    # Thresholds out of reach, so every attempt must be counted: a lost update shows as a count below 20.
    monkeypatch.setattr(accounts, "MAX_POGINGEN", 100)
    monkeypatch.setattr(accounts, "MAX_POGINGEN_ADRES", 100)
    answers = in_parallel(engine, 20, "fout-wachtwoord", clients=["203.0.113.7"])
    assert answers == [WRONG] * 20
    assert record(engine, f"account:{EMAIL}").mislukt == 20
    assert record(engine, "adres:203.0.113.7").mislukt == 20


def test_twenty_parallel_failures_block_after_five(engine, clock):
    answers = in_parallel(engine, 20, "fout-wachtwoord", clients=[f"198.51.100.{i}" for i in range(20)])
    # Exactly the 5th failure blocks; the 15 after it are refused without being counted.
    assert answers.count(WRONG) == 4
    assert sum("tijdelijk geblokkeerd" in a for a in answers) == 16
    assert record(engine, f"account:{EMAIL}").mislukt == 5
    refused = attempt(engine, EMAIL, PASSWORD, client="192.0.2.1")  # the right password, from a fresh address
    assert refused == "Te veel mislukte pogingen: inloggen is tijdelijk geblokkeerd. Probeer het over 1 minuut opnieuw."


@pytest.mark.parametrize("client", ["203.0.113.7", None], ids=["met-adres", "zonder-adres"])
def test_unknown_and_known_accounts_answer_alike(engine, clock, client):
    accounts.add_user(engine, "sso@vng.test", "vng")  # an account without a password (SSO only)
    answers = {}
    for email in (EMAIL, "niemand@vng.test", "sso@vng.test"):
        answers[email] = [attempt(engine, email, "fout-wachtwoord", client=None) for _ in range(7)]
        answers[email].append(attempt(engine, email, PASSWORD, client=client))
    assert answers[EMAIL] == answers["niemand@vng.test"] == answers["sso@vng.test"]
    assert answers[EMAIL][:4] == [WRONG] * 4
    assert all("tijdelijk geblokkeerd" in a for a in answers[EMAIL][4:])


def test_backoff_doubles_and_a_success_afterwards_resets(engine, clock):
    answers = [attempt(engine, EMAIL, "fout") for _ in range(5)]
    assert answers[-1].endswith("Probeer het over 1 minuut opnieuw.")
    clock.advance(seconds=59)
    assert "tijdelijk geblokkeerd" in attempt(engine, EMAIL, PASSWORD)  # right password, still waiting
    clock.advance(seconds=2)
    assert attempt(engine, EMAIL, "fout").endswith("Probeer het over 2 minuten opnieuw.")  # second round: doubled
    blocked = record(engine, f"account:{EMAIL}").geblokkeerd_tot
    assert accounts._aware(blocked) == clock.now + dt.timedelta(minutes=2)
    clock.advance(minutes=2, seconds=1)
    assert attempt(engine, EMAIL, "fout").endswith("Probeer het over 4 minuten opnieuw.")
    clock.advance(minutes=4, seconds=1)
    assert attempt(engine, EMAIL, PASSWORD) == "ingelogd"
    assert record(engine, f"account:{EMAIL}") is None  # reset: the next mistakes start from zero
    assert [attempt(engine, EMAIL, "fout") for _ in range(4)] == [WRONG] * 4
    assert attempt(engine, EMAIL, "fout").endswith("Probeer het over 1 minuut opnieuw.")


def test_backoff_is_capped_at_fifteen_minutes(engine, clock):
    for _ in range(5):
        attempt(engine, EMAIL, "fout")
    waits = []
    for _ in range(6):
        clock.advance(minutes=16)
        waits.append(attempt(engine, EMAIL, "fout").split("over ")[1])
    assert waits == [
        "2 minuten opnieuw.",
        "4 minuten opnieuw.",
        "8 minuten opnieuw.",
        "15 minuten opnieuw.",
        "15 minuten opnieuw.",
        "15 minuten opnieuw.",
    ]


def test_one_address_cannot_guess_through_many_accounts(engine, clock):
    attacker, colleague = "203.0.113.66", "192.0.2.10"
    answers = [
        attempt(engine, email, "fout", client=attacker) for email in [EMAIL] + [f"gok{i}@vng.test" for i in range(19)]
    ]
    assert answers[:19] == [WRONG] * 19
    assert "tijdelijk geblokkeerd" in answers[19]  # the 20th failure from this address, each account tried once
    assert "tijdelijk geblokkeerd" in attempt(engine, EMAIL, PASSWORD, client=attacker)
    for _ in range(10):  # a blocked address adds nothing to the account it keeps trying
        attempt(engine, EMAIL, "fout", client=attacker)
    assert record(engine, f"account:{EMAIL}").mislukt == 1
    assert attempt(engine, EMAIL, PASSWORD, client=colleague) == "ingelogd"


def test_an_ipv6_network_counts_as_one_address(engine, clock):
    answers = [attempt(engine, f"gok{i}@vng.test", "fout", client=f"2001:db8:1:2::{i:x}") for i in range(20)]
    assert "tijdelijk geblokkeerd" in answers[-1]
    assert attempt(engine, EMAIL, PASSWORD, client="2001:db8:1:3::1") == "ingelogd"  # the next /64


def test_each_block_is_logged_once_without_the_password(engine, clock, caplog):
    caplog.set_level(logging.WARNING, logger="samen_data.access.accounts")
    for _ in range(8):
        attempt(engine, EMAIL, "geheim-fout-wachtwoord")
    clock.advance(minutes=2)
    attempt(engine, EMAIL, "geheim-fout-wachtwoord")
    for _ in range(5):
        attempt(engine, "niemand@vng.test", "x", client=None)
    for i in range(20):
        attempt(engine, f"gok{i}@vng.test", "x", client="198.51.100.99")
    records = [r for r in caplog.records if r.name == "samen_data.access.accounts" and r.levelno == logging.WARNING]
    messages = [r.getMessage() for r in records]
    assert len(messages) == 4, messages  # the account after 5, again after 6; an unknown e-mail; the address
    assert all(EMAIL in m for m in messages[:2])
    assert "after 5 failures: 60 s" in messages[0] and "after 6 failures: 120 s" in messages[1]
    assert "account sha256:" in messages[2] and "niemand@vng.test" not in messages[2]
    assert "adres sha256:" in messages[3] and "198.51.100.99" not in messages[3]
    assert not any("geheim" in m for m in messages)


def test_records_hold_no_address_and_are_forgotten(engine, clock):
    attempt(engine, EMAIL, "fout", client="203.0.113.7")
    with session_scope(engine) as s:
        keys = s.scalars(select(Aanmeldpoging.sleutel)).all()
    assert len(keys) == 2 and not any("@" in k or "203.0" in k for k in keys)
    clock.advance(hours=1, minutes=1)
    attempt(engine, "iemand@vng.test", "fout", client="192.0.2.5")
    assert record(engine, f"account:{EMAIL}") is None and record(engine, "adres:203.0.113.7") is None
    assert record(engine, "account:iemand@vng.test").mislukt == 1
