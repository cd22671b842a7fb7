"""Accounts: e-mail -> role. Local passwords hashed with argon2; lock-out after repeated failures."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, select

from .access import DEMO, NIEMAND, ROLLEN, Scope
from .db import session_scope
from .models import Gebruiker, Gemeente, Organisatie

MAX_POGINGEN = 5
BLOKKADE = dt.timedelta(minutes=15)
MIN_LENGTE = 12
_hasher = PasswordHasher()


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
    with session_scope(engine) as s:
        return bool(s.scalar(select(func.count()).select_from(Gebruiker)))


def add_user(engine: Engine, email: str, rol: str, gemeente: str | None = None, fonds: str | None = None,
             password: str | None = None) -> Account:
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
        s.add(Gebruiker(email=email, rol=rol, gemeente_code=gemeente.upper() if gemeente else None,
                        fonds_id=fonds_id, wachtwoord_hash=_hasher.hash(password) if password else None,
                        mislukte_pogingen=0))
    return Account(email, rol, gemeente.upper() if gemeente else None, fonds, password is not None)


def list_users(engine: Engine) -> list[Account]:
    with session_scope(engine) as s:
        rows = s.execute(select(Gebruiker, Organisatie.naam).outerjoin(Organisatie, Organisatie.id == Gebruiker.fonds_id)
                         .order_by(Gebruiker.email)).all()
        return [Account(g.email, g.rol, g.gemeente_code, fonds, g.wachtwoord_hash is not None) for g, fonds in rows]


def remove_user(engine: Engine, email: str) -> bool:
    with session_scope(engine) as s:
        return s.execute(delete(Gebruiker).where(Gebruiker.email == normalize_email(email))).rowcount == 1


def scope_for_email(engine: Engine, email: str | None) -> Scope:
    """The scope of a signed-in e-mail (from the identity provider or a local login); unknown: nothing."""
    if not email:
        return NIEMAND
    with session_scope(engine) as s:
        row = s.execute(select(Gebruiker, Organisatie.naam).outerjoin(Organisatie, Organisatie.id == Gebruiker.fonds_id)
                        .where(Gebruiker.email == email.strip().lower())).first()
    if row is None:
        return NIEMAND
    g, fonds = row
    return Scope(rol=g.rol, email=g.email, gemeente=g.gemeente_code, fonds=fonds)


def anonymous_scope(engine: Engine) -> Scope:
    """Without accounts the embedded demo opens read-only; as soon as one exists, anonymous sees nothing."""
    return NIEMAND if has_accounts(engine) else DEMO


def authenticate(engine: Engine, email: str, password: str) -> Scope:
    email = email.strip().lower()
    with session_scope(engine) as s:
        g = s.scalar(select(Gebruiker).where(Gebruiker.email == email))
        if g is None or g.wachtwoord_hash is None:
            _verify(_dummy_hash(), password)
            raise LoginFailed("Onbekend e-mailadres of verkeerd wachtwoord.")
        blocked = g.geblokkeerd_tot
        if blocked is not None and blocked.tzinfo is None:
            blocked = blocked.replace(tzinfo=dt.timezone.utc)  # SQLite returns naive UTC
        if blocked is not None and blocked > _now():
            raise LoginFailed("Te veel mislukte pogingen: dit account is tijdelijk geblokkeerd. "
                              f"Probeer het over {BLOKKADE.seconds // 60} minuten opnieuw.")
        if not _verify(g.wachtwoord_hash, password):
            g.mislukte_pogingen += 1
            if g.mislukte_pogingen >= MAX_POGINGEN:
                g.geblokkeerd_tot, g.mislukte_pogingen = _now() + BLOKKADE, 0
            failed = True
        else:
            g.mislukte_pogingen, g.geblokkeerd_tot, failed = 0, None, False
    if failed:
        raise LoginFailed("Onbekend e-mailadres of verkeerd wachtwoord.")
    return scope_for_email(engine, email)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
