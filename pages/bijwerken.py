"""Bijwerken: a gemeente or fund keeps its figures up to date: commitments, payments, planned tranches, attendance,
milestones."""

import streamlit as st

from samen_data import queries
from samen_data.store.vocab import MIJLPAAL_STATUSSEN, TOEZEGGING_FASEN, label
from samen_ui import data
from samen_ui.bijwerken import (
    BETALING,
    KEUZE_MAX,
    TRANCHE,
    Veld,
    edit_form,
    not_yours_notice,
    onder_toezegging,
    too_many,
)
from samen_ui.fmt import datum, euro
from samen_ui.setup import empty_notice, page_setup

filters = page_setup("Bijwerken", need="bewerken", acts_on="rijen")
st.caption(
    "U ziet de rijen die u mag wijzigen volgens uw rol. Elke wijziging komt met oude en nieuwe waarde in het logboek "
    "(pagina Wijzigingen). Heeft iemand anders dezelfde rij intussen gewijzigd, dan wordt uw opslag "
    "geweigerd en blijft uw invoer staan."
)
scope = data.scope()
tz_tab, bt_tab, tr_tab, aw_tab, mp_tab = st.tabs(
    ["Toezeggingen", "Betalingen", "Geplande tranches", "Aanwezigheid", "Mijlpalen"]
)

with tz_tab:
    toezeggingen = scope.editable_rows(data.load(queries.toezeggingen, filters, KEUZE_MAX + 1), "toezegging")
    if toezeggingen.empty:
        empty_notice("toezeggingen")
    elif not too_many(toezeggingen, "toezeggingen"):
        keuze = st.selectbox(
            "Toezegging",
            toezeggingen.index,
            key="kies_toezegging",
            format_func=lambda i: (
                f"{toezeggingen.at[i, 'deelnemer']} · {toezeggingen.at[i, 'financier']} · "
                f"{euro(toezeggingen.at[i, 'bedrag'])} · {label(toezeggingen.at[i, 'fase'])}"
            ),
            placeholder="Kies…",
        )
        rij = toezeggingen.loc[keuze].rename({"toezegging_id": "id"})
        edit_form(
            "toezegging",
            rij,
            [
                Veld("fase", "Fase", "keuze", TOEZEGGING_FASEN),
                Veld("bedrag", "Bedrag", "bedrag"),
                Veld("besluit_kenmerk", "Besluitkenmerk"),
                Veld("besluit_datum", "Besluitdatum", "datum"),
            ],
            scope,
        )

with bt_tab:
    betalingen = scope.editable_rows(data.load(queries.betalingen, filters, KEUZE_MAX + 1), "betaling")
    onder_toezegging(BETALING, betalingen, toezeggingen, scope)

with tr_tab:
    st.caption(
        "Het betaalschema: welk bedrag uiterlijk wanneer betaald wordt. Is een tranche 30 dagen na haar datum nog niet "
        "door betalingen gedekt, dan staat ze op *Signalen*."
    )
    tranches = scope.editable_rows(data.load(queries.tranches, filters, KEUZE_MAX + 1), "tranche")
    onder_toezegging(TRANCHE, tranches, toezeggingen, scope)

with aw_tab:
    if not scope.edits_table("aanwezigheid"):  # checked before loading: the listing is large at scale
        not_yours_notice("aanwezigheid")
    elif (
        aanwezigheid := scope.editable_rows(
            data.load(queries.aanwezigheid_rijen, filters, KEUZE_MAX + 1), "aanwezigheid"
        )
    ).empty:
        empty_notice("aanwezigheidsregistraties")
    elif not too_many(aanwezigheid, "aanwezigheidsregistraties"):
        keuze = st.selectbox(
            "Registratie",
            aanwezigheid.index,
            key="kies_aanwezigheid",
            format_func=lambda i: (
                f"{datum(aanwezigheid.at[i, 'datum'])} · {aanwezigheid.at[i, 'titel']} · "
                f"{aanwezigheid.at[i, 'organisatie']} · {label(aanwezigheid.at[i, 'rol'])}"
            ),
            placeholder="Kies…",
        )
        edit_form(
            "aanwezigheid",
            aanwezigheid.loc[keuze],
            [Veld("aangemeld", "Aangemeld", "aantal"), Veld("aanwezig", "Aanwezig", "aantal")],
            scope,
        )

with mp_tab:
    if not scope.edits_table("mijlpaal"):
        not_yours_notice("mijlpalen")
    elif (
        mijlpalen := scope.editable_rows(data.load(queries.mijlpaal_rijen, filters, KEUZE_MAX + 1), "mijlpaal")
    ).empty:
        empty_notice("mijlpalen")
    elif not too_many(mijlpalen, "mijlpalen"):
        keuze = st.selectbox(
            "Mijlpaal",
            mijlpalen.index,
            key="kies_mijlpaal",
            format_func=lambda i: f"{mijlpalen.at[i, 'deelnemer']} · {mijlpalen.at[i, 'omschrijving']}",
            placeholder="Kies…",
        )
        edit_form(
            "mijlpaal",
            mijlpalen.loc[keuze],
            [
                Veld("status", "Status", "keuze", MIJLPAAL_STATUSSEN),
                Veld("streefdatum", "Streefdatum", "datum"),
                Veld("datum_bereikt", "Datum bereikt", "datum"),
            ],
            scope,
        )
