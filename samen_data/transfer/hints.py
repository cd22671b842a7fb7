"""'Bedoelt u ...?' for a reference the file misspells, drawn only from what the importing scope may see.

A gemeente gets suggestions among its own participants and organisations (and the public names of funds and
programmes), never a name from another gemeente: a suggestion would confirm that it exists.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from samen_data.access.scope import Scope
from samen_data.store.models import Deelnemer, Organisatie, Programma
from samen_data.transfer.keys import chunks

MAX_LOOKUPS = 200  # misspelt references beyond this get no suggestion (the file is refused anyway)


def suggestions(session: Session, scope: Scope, unknown: list[tuple[str, tuple]]) -> dict[tuple[str, tuple], tuple]:
    """(target, key) -> a key that differs only in upper/lower case and that the scope may see."""
    found: dict[tuple[str, tuple], tuple] = {}
    wanted = list(dict.fromkeys(unknown))[:MAX_LOOKUPS]
    names = {
        t: {str(k[-1]).lower(): k for tt, k in wanted if tt == t} for t in ("programma", "organisatie", "deelnemer")
    }
    if names["programma"]:
        for (code,) in session.execute(select(Programma.code)):
            if code.lower() in names["programma"]:
                found[("programma", names["programma"][code.lower()])] = (code,)
    for batch in chunks(names["organisatie"]):
        stmt = select(Organisatie.naam).where(func.lower(Organisatie.naam).in_(batch))
        if not scope.sees_all_detail:
            stmt = stmt.where(or_(Organisatie.soort == "fonds", Organisatie.gemeente_code == scope.gemeente))
        for (naam,) in session.execute(stmt):
            found[("organisatie", names["organisatie"][naam.lower()])] = (naam,)
    for batch in chunks(names["deelnemer"]):
        stmt = (
            select(Programma.code, Deelnemer.naam)
            .join(Deelnemer.programma)
            .where(func.lower(Deelnemer.naam).in_(batch))
        )
        if not scope.sees_all_detail:
            stmt = stmt.where(Deelnemer.gemeente_code == scope.gemeente)
        for code, naam in session.execute(stmt):
            want = names["deelnemer"][naam.lower()]
            if str(want[0]).lower() == code.lower():
                found[("deelnemer", want)] = (code, naam)
    return found
