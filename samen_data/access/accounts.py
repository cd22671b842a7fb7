"""Accounts: e-mail -> role. Local passwords hashed with argon2; backoff after repeated failures, per
account and per client address, that looks the same for unknown and known e-mail addresses."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import math
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, case, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from samen_data.access.scope import DEMO, NIEMAND, ROLLEN, Scope
from samen_data.store.db import session_scope
from samen_data.store.models import Aanmeldpoging, Gebruiker, Gemeente, Organisatie

MAX_POGINGEN = 5  # failures per e-mail address before the first wait
MAX_POGINGEN_ADRES = 20  # failures per client address (over all accounts): offices share one address
EERSTE_BLOKKADE = dt.timedelta(minutes=1)  # doubles with every further failure ...
BLOKKADE = dt.timedelta(minutes=15)  # ... up to this
VERGEET = dt.timedelta(hours=1)  # a record without failures for this long starts again at zero
_MAX_EMAIL = 320
log = logging.getLogger(__name__)
MIN_LENGTE = 12
# argon2id at OWASP's recommended setting (Password Storage Cheat Sheet: 19 MiB, 2 passes, 1 lane) instead of
# argon2-cffi's default (64 MiB, 3 passes): 0,15 -> 0,02 s of CPU per check, so 50 people signing in at the
# start of a meeting cost 1 s of this 2-core machine instead of 7,5 s. Hashes made with other settings are
# redone at the next correct sign-in (authenticate).
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


@cache
def _dummy_hash() -> str:
    """Verifying unknown e-mails against a dummy hash keeps the response time the same (no account probing).
    Made on first use: hashing costs tens of milliseconds, not worth paying at every server start."""
    return _hasher.hash("geen-account-dummy-wachtwoord")


class AccountError(Exception):
    """An account could not be created or used; Dutch message."""


class LoginFailed(Exception):
    """Sign-in refused; the message never says whether the e-mail exists."""


@dataclass(frozen=True)
class Account:
    email: str
    rol: str
    gemeente: str | None
    fonds: str | None
    lokaal: bool


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or " " in email:
        raise AccountError(f"'{email}' is geen geldig e-mailadres")
    return email


def has_accounts(engine: Engine) -> bool:
    with engine.connect() as conn:  # read on every run before sign-in: a plain read, no ORM session
        return bool(conn.scalar(select(select(Gebruiker.id).exists())))


def add_user(
    engine: Engine,
    email: str,
    rol: str,
    gemeente: str | None = None,
    fonds: str | None = None,
    password: str | None = None,
) -> Account:
    email = normalize_email(email)
    if rol not in ROLLEN:
        raise AccountError(f"onbekende rol '{rol}'; kies uit {', '.join(ROLLEN)}")
    if (rol == "gemeente") != bool(gemeente):
        raise AccountError("een account met rol gemeente heeft --gemeente GMxxxx nodig (en alleen die rol)")
    if (rol == "fonds") != bool(fonds):
        raise AccountError("een account met rol fonds heeft --fonds NAAM nodig (en alleen die rol)")
    if password is not None and len(password) < MIN_LENGTE:
        raise AccountError(f"het wachtwoord moet minstens {MIN_LENGTE} tekens hebben")
    with session_scope(engine) as s:
        if s.scalar(select(Gebruiker.id).where(Gebruiker.email == email)):
            raise AccountError(f"er bestaat al een account voor {email}")
        if gemeente and s.get(Gemeente, gemeente.upper()) is None:
            raise AccountError(f"onbekende gemeentecode {gemeente}")
        fonds_id = None
        if fonds:
            fonds_id = s.scalar(select(Organisatie.id).where(Organisatie.naam == fonds, Organisatie.soort == "fonds"))
            if fonds_id is None:
                raise AccountError(f"onbekend fonds '{fonds}' (moet een organisatie van soort fonds zijn)")
        s.add(
            Gebruiker(
                email=email,
                rol=rol,
                gemeente_code=gemeente.upper() if gemeente else None,
                fonds_id=fonds_id,
                wachtwoord_hash=_hasher.hash(password) if password else None,
                mislukte_pogingen=0,
            )
        )
    return Account(email, rol, gemeente.upper() if gemeente else None, fonds, password is not None)


def list_users(engine: Engine) -> list[Account]:
    with session_scope(engine) as s:
        rows = s.execute(
            select(Gebruiker, Organisatie.naam)
            .outerjoin(Organisatie, Organisatie.id == Gebruiker.fonds_id)
            .order_by(Gebruiker.email)
        ).all()
        return [Account(g.email, g.rol, g.gemeente_code, fonds, g.wachtwoord_hash is not None) for g, fonds in rows]


def remove_user(engine: Engine, email: str) -> bool:
    with session_scope(engine) as s:
        return s.execute(delete(Gebruiker).where(Gebruiker.email == normalize_email(email))).rowcount == 1


def scope_for_email(engine: Engine, email: str | None) -> Scope:
    """The scope of a signed-in e-mail (from the identity provider or a local login); unknown: nothing."""
    if not email:
        return NIEMAND
    with engine.connect() as conn:  # read on every run: a plain read of four columns, no ORM session
        row = conn.execute(
            select(Gebruiker.rol, Gebruiker.email, Gebruiker.gemeente_code, Organisatie.naam)
            .outerjoin(Organisatie, Organisatie.id == Gebruiker.fonds_id)
            .where(Gebruiker.email == email.strip().lower())
        ).first()
    if row is None:
        return NIEMAND
    rol, email, gemeente, fonds = row
    return Scope(rol=rol, email=email, gemeente=gemeente, fonds=fonds)


def anonymous_scope(engine: Engine) -> Scope:
    """Without accounts the embedded demo opens read-only; as soon as one exists, anonymous sees nothing."""
    return NIEMAND if has_accounts(engine) else DEMO


def authenticate(engine: Engine, email: str, password: str, client: str | None = None) -> Scope:
    """Sign in with a local password. `client` is the caller's IP address (None: not known, e.g. localhost).

    Every attempt costs the same: one argon2 verify (the dummy hash for an unknown e-mail or an account
    without a password), one lookup, one counting transaction and one clean-up, whether the e-mail exists
    or not and whether it is blocked or not. Failures count per account and per address, unknown e-mails included.
    """
    email = email.strip().lower()[:_MAX_EMAIL]
    with session_scope(engine) as s:
        hashed = s.scalar(select(Gebruiker.wachtwoord_hash).where(Gebruiker.email == email))
    correct = _verify(hashed or _dummy_hash(), password) and hashed is not None
    keys = [_Sleutel("account", email, MAX_POGINGEN, known=hashed is not None)]
    if client:
        keys.append(_Sleutel("adres", _address(client), MAX_POGINGEN_ADRES))
    # Made before the transaction, which holds the write lock on SQLite: once per account, after a change of setting.
    rehashed = _hasher.hash(password) if correct and _hasher.check_needs_rehash(hashed) else None
    now = _now()
    with session_scope(engine) as s:
        blocked = _record(s, keys, correct, now)
        if rehashed and blocked is None:  # only if nobody changed the hash meanwhile (another server, the CLI)
            s.execute(
                update(Gebruiker)
                .where(Gebruiker.email == email, Gebruiker.wachtwoord_hash == hashed)
                .values(wachtwoord_hash=rehashed)
            )
    _forget_old(engine, now)
    if blocked is not None:
        minutes = max(1, math.ceil((blocked - now).total_seconds() / 60))
        raise LoginFailed(
            "Te veel mislukte pogingen: inloggen is tijdelijk geblokkeerd. Probeer het over "
            f"{minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw."
        )
    if not correct:
        raise LoginFailed("Onbekend e-mailadres of verkeerd wachtwoord.")
    return scope_for_email(engine, email)


@dataclass(frozen=True)
class _Sleutel:
    """One failure record: 'account' (an e-mail, known or not) or 'adres' (a client address)."""

    soort: str
    waarde: str
    max_pogingen: int
    known: bool = False

    @property
    def hash(self) -> str:
        return hashlib.sha256(f"{self.soort}:{self.waarde}".encode()).hexdigest()

    def label(self) -> str:
        # The e-mail of an existing local account is no secret to the operator; anything else only hashed.
        return f"account {self.waarde!r}" if self.known else f"{self.soort} sha256:{self.hash[:16]}"


def _address(client: str) -> str:
    """IPv6 per /64 network (one subscriber usually holds a whole /64), IPv4 as it is."""
    try:
        ip = ipaddress.ip_address(client.strip())
    except ValueError:
        return client.strip()[:100]
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def _record(s, keys: list[_Sleutel], correct: bool, now: dt.datetime) -> dt.datetime | None:
    """Count this attempt; return the end of the block that refuses it, or None.

    The first statement locks each record (an upsert: a row lock on PostgreSQL, the write lock on SQLite)
    until commit, so parallel attempts queue here and none of them is lost.
    """
    table = Aanmeldpoging.__table__
    cutoff = now - VERGEET
    states = []
    for key in keys:  # always account before address: one order, no deadlock
        stmt = _insert(s)(table).values(sleutel=key.hash, mislukt=0, laatste_poging=now, geblokkeerd_tot=None)
        stmt = stmt.on_conflict_do_update(index_elements=[table.c.sleutel], set_={"mislukt": table.c.mislukt})
        row = s.execute(stmt.returning(table.c.mislukt, table.c.geblokkeerd_tot)).one()
        states.append(row)
    active = [
        _aware(r.geblokkeerd_tot) for r in states if r.geblokkeerd_tot is not None and _aware(r.geblokkeerd_tot) > now
    ]
    hashes = [k.hash for k in keys]
    if active:
        # Refused without counting: an attacker cannot stretch a block, and a blocked address adds nothing
        # to the accounts it tries. The last attempt is remembered for the forgetting period.
        s.execute(update(table).where(table.c.sleutel.in_(hashes)).values(laatste_poging=now))
        return max(active)
    if correct:
        s.execute(delete(table).where(table.c.sleutel == keys[0].hash))  # the account starts afresh
        s.execute(delete(table).where(table.c.sleutel.in_(hashes), table.c.mislukt == 0))
        return None
    blocked = None
    for key in keys:
        failures = s.execute(
            update(table)
            .where(table.c.sleutel == key.hash)
            .values(mislukt=case((table.c.laatste_poging < cutoff, 1), else_=table.c.mislukt + 1), laatste_poging=now)
            .returning(table.c.mislukt)
        ).scalar_one()
        if failures >= key.max_pogingen:
            wait = min(EERSTE_BLOKKADE * 2 ** min(failures - key.max_pogingen, 10), BLOKKADE)
            until = now + wait
            s.execute(update(table).where(table.c.sleutel == key.hash).values(geblokkeerd_tot=until))
            log.warning(
                "sign-in blocked for %s after %d failures: %d s, until %s UTC",
                key.label(),
                failures,
                wait.total_seconds(),
                until.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
            )
            blocked = max(blocked or until, until)
    return blocked


def _forget_old(engine: Engine, now: dt.datetime) -> None:
    """Remove records an hour after their last failure (no block outlives that). Rows another attempt holds
    are skipped (SKIP LOCKED on PostgreSQL; SQLite locks the whole file anyway), so this never waits."""
    table = Aanmeldpoging.__table__
    old = (
        select(table.c.sleutel)
        .where(table.c.laatste_poging < now - VERGEET)
        .where(or_(table.c.geblokkeerd_tot.is_(None), table.c.geblokkeerd_tot < now))
        .with_for_update(skip_locked=True)
    )
    with session_scope(engine) as s:
        s.execute(delete(table).where(table.c.sleutel.in_(old)))


def _insert(s):
    return sqlite_insert if s.get_bind().dialect.name == "sqlite" else pg_insert


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment  # SQLite: naive UTC


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
