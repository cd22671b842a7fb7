"""The SAMEN domain model (SQLAlchemy 2, typed).

Domain nouns are Dutch (gemeente, deelnemer, toezegging, ...); every allowed value of a status is
enforced by a CHECK constraint so that the database refuses bad rows whoever writes them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from samen_data.store.columns import NAMING, Euro, Herkomst, in_values, kenmerk_column
from samen_data.store.vocab import (
    AANWEZIGHEID_ROLLEN,
    BIJEENKOMST_SOORTEN,
    COFINANCIERINGSREGELS,
    DEELNEMER_STATUSSEN,
    GOLVEN,
    MIJLPAAL_STATUSSEN,
    ORGANISATIE_SOORTEN,
    RESPONDENTGROEPEN,
    SPOREN,
    TOEZEGGING_FASEN,
    TOEZEGGING_SOORTEN,
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Programma(Herkomst, Base):
    __tablename__ = "programma"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint("einddatum >= startdatum", name="periode"),
        CheckConstraint(in_values("cofinanciering", COFINANCIERINGSREGELS), name="cofinanciering"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    startdatum: Mapped[dt.date] = mapped_column(Date)
    einddatum: Mapped[dt.date] = mapped_column(Date)
    # The programme's co-financing rule (vocab.COFINANCIERINGSREGELS): every match, gap and status follows it.
    cofinanciering: Mapped[str] = mapped_column(String(20), default="gemeente_1op1", server_default="gemeente_1op1")


class Gemeente(Base):
    """Reference data from data/gemeenten.csv (CBS codes)."""

    __tablename__ = "gemeente"
    __table_args__ = (
        # GLOB on SQLite and ~ on PostgreSQL differ; LIKE plus per-character ranges is portable.
        CheckConstraint(
            "length(cbs_code) = 6 AND substr(cbs_code, 1, 2) = 'GM' AND "
            + " AND ".join(f"substr(cbs_code, {i}, 1) BETWEEN '0' AND '9'" for i in range(3, 7)),
            name="cbs_code",
        ),
        CheckConstraint("latitude BETWEEN 50.5 AND 53.8 AND longitude BETWEEN 3.0 AND 7.5", name="in_nl"),
    )
    cbs_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    naam: Mapped[str] = mapped_column(String(100), unique=True)
    provincie: Mapped[str] = mapped_column(String(40))
    latitude: Mapped[float] = mapped_column(Numeric(8, 5, asdecimal=False))
    longitude: Mapped[float] = mapped_column(Numeric(8, 5, asdecimal=False))
    peiljaar: Mapped[int] = mapped_column(Integer)


class Organisatie(Herkomst, Base):
    __tablename__ = "organisatie"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint(in_values("soort", ORGANISATIE_SOORTEN), name="soort"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(String(200), unique=True)
    soort: Mapped[str] = mapped_column(String(30))
    gemeente_code: Mapped[str | None] = mapped_column(ForeignKey("gemeente.cbs_code"), index=True)


class Deelnemer(Herkomst, Base):
    """One participation in a programme: a gemeente with its initiative(s)."""

    __tablename__ = "deelnemer"
    __table_args__ = (
        Herkomst._bron_check(),
        UniqueConstraint("programma_id", "naam", name="uq_deelnemer_programma_naam"),
        CheckConstraint(in_values("spoor", SPOREN), name="spoor"),
        CheckConstraint(in_values("status", DEELNEMER_STATUSSEN), name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    programma_id: Mapped[int] = mapped_column(ForeignKey("programma.id"), index=True)
    gemeente_code: Mapped[str] = mapped_column(ForeignKey("gemeente.cbs_code"), index=True)
    naam: Mapped[str] = mapped_column(String(200))
    spoor: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="actief")
    startdatum: Mapped[dt.date | None] = mapped_column(Date)
    einddatum: Mapped[dt.date | None] = mapped_column(Date)

    programma: Mapped[Programma] = relationship()
    organisaties: Mapped[list[DeelnemerOrganisatie]] = relationship(back_populates="deelnemer")


class DeelnemerOrganisatie(Base):
    __tablename__ = "deelnemer_organisatie"
    deelnemer_id: Mapped[int] = mapped_column(ForeignKey("deelnemer.id", ondelete="CASCADE"), primary_key=True)
    organisatie_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), primary_key=True)
    rol: Mapped[str] = mapped_column(String(30))

    deelnemer: Mapped[Deelnemer] = relationship(back_populates="organisaties")
    organisatie: Mapped[Organisatie] = relationship()


class Toezegging(Herkomst, Base):
    """A funding commitment to a participant by one financer (a fund, the gemeente, or other)."""

    __tablename__ = "toezegging"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint("bedrag_cent >= 0", name="bedrag_niet_negatief"),
        CheckConstraint(in_values("soort", TOEZEGGING_SOORTEN), name="soort"),
        CheckConstraint(in_values("fase", TOEZEGGING_FASEN), name="fase"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kenmerk: Mapped[str] = kenmerk_column("TZ")
    deelnemer_id: Mapped[int] = mapped_column(ForeignKey("deelnemer.id"), index=True)
    financier_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    soort: Mapped[str] = mapped_column(String(30))
    bedrag: Mapped[Decimal] = mapped_column("bedrag_cent", Euro())
    fase: Mapped[str] = mapped_column(String(20))
    besluit_kenmerk: Mapped[str | None] = mapped_column(String(100))
    besluit_datum: Mapped[dt.date | None] = mapped_column(Date)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    deelnemer: Mapped[Deelnemer] = relationship()
    financier: Mapped[Organisatie] = relationship()


class Betaling(Herkomst, Base):
    __tablename__ = "betaling"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint("bedrag_cent >= 0", name="bedrag_niet_negatief"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kenmerk: Mapped[str] = kenmerk_column("BT")
    toezegging_id: Mapped[int] = mapped_column(ForeignKey("toezegging.id"), index=True)
    datum: Mapped[dt.date] = mapped_column(Date, index=True)
    bedrag: Mapped[Decimal] = mapped_column("bedrag_cent", Euro())
    omschrijving: Mapped[str | None] = mapped_column(String(200))
    versie: Mapped[int] = mapped_column(Integer, default=1)

    toezegging: Mapped[Toezegging] = relationship()


class Tranche(Herkomst, Base):
    """A planned payment on a commitment (0008): an amount due by a date. Paid money stays in betaling; a tranche
    is overdue when the payments up to its date fall short of the tranches planned up to that date."""

    __tablename__ = "tranche"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint("bedrag_cent >= 0", name="bedrag_niet_negatief"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kenmerk: Mapped[str] = kenmerk_column("TR")
    toezegging_id: Mapped[int] = mapped_column(ForeignKey("toezegging.id"), index=True)
    datum: Mapped[dt.date] = mapped_column(Date, index=True)
    bedrag: Mapped[Decimal] = mapped_column("bedrag_cent", Euro())
    omschrijving: Mapped[str | None] = mapped_column(String(200))
    versie: Mapped[int] = mapped_column(Integer, default=1)

    toezegging: Mapped[Toezegging] = relationship()


class Bijeenkomst(Herkomst, Base):
    __tablename__ = "bijeenkomst"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint(in_values("soort", BIJEENKOMST_SOORTEN), name="soort"),
        Index("ix_bijeenkomst_programma_datum", "programma_id", "datum"),  # a programme's period (0003)
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kenmerk: Mapped[str] = kenmerk_column("BK")
    programma_id: Mapped[int] = mapped_column(ForeignKey("programma.id"), index=True)
    soort: Mapped[str] = mapped_column(String(20))
    titel: Mapped[str] = mapped_column(String(200))
    datum: Mapped[dt.date] = mapped_column(Date, index=True)
    tijd: Mapped[str | None] = mapped_column(String(20))
    gemeente_code: Mapped[str | None] = mapped_column(ForeignKey("gemeente.cbs_code"))
    locatie: Mapped[str | None] = mapped_column(String(200))
    open_voor_iedereen: Mapped[bool] = mapped_column(Boolean, default=False)
    deelnemer_id: Mapped[int | None] = mapped_column(ForeignKey("deelnemer.id"), index=True)

    programma: Mapped[Programma] = relationship()
    deelnemer: Mapped[Deelnemer | None] = relationship()


class Aanwezigheid(Herkomst, Base):
    """Attendance as counts per meeting × organisation × role: no names of people (AVG)."""

    __tablename__ = "aanwezigheid"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint(in_values("rol", AANWEZIGHEID_ROLLEN), name="rol"),
        CheckConstraint("aangemeld >= 0 AND aanwezig >= 0", name="aantal_niet_negatief"),
        UniqueConstraint("bijeenkomst_id", "organisatie_id", "rol", name="uq_aanwezigheid_sleutel"),
        # Covers the attendance sums per meeting: read from the index alone, never the table (0003).
        Index("ix_aanwezigheid_dekkend", "bijeenkomst_id", "organisatie_id", "rol", "aangemeld", "aanwezig", "bron"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    bijeenkomst_id: Mapped[int] = mapped_column(ForeignKey("bijeenkomst.id"), index=True)
    organisatie_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    rol: Mapped[str] = mapped_column(String(20))
    aangemeld: Mapped[int] = mapped_column(Integer)
    aanwezig: Mapped[int] = mapped_column(Integer)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    bijeenkomst: Mapped[Bijeenkomst] = relationship()
    organisatie: Mapped[Organisatie] = relationship()


class Meting(Herkomst, Base):
    """Collaboration measurement: mean score (1–10) of a respondent group on one dimension."""

    __tablename__ = "meting"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint(in_values("golf", GOLVEN), name="golf"),
        CheckConstraint(in_values("respondentgroep", RESPONDENTGROEPEN), name="respondentgroep"),
        CheckConstraint("score BETWEEN 1 AND 10", name="score_bereik"),
        CheckConstraint("respondenten >= 1", name="respondenten_positief"),
        UniqueConstraint("deelnemer_id", "golf", "respondentgroep", "dimensie", name="uq_meting_sleutel"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    deelnemer_id: Mapped[int] = mapped_column(ForeignKey("deelnemer.id"), index=True)
    golf: Mapped[str] = mapped_column(String(20))
    datum: Mapped[dt.date] = mapped_column(Date)
    respondentgroep: Mapped[str] = mapped_column(String(20))
    dimensie: Mapped[str] = mapped_column(String(60))
    score: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    respondenten: Mapped[int] = mapped_column(Integer)

    deelnemer: Mapped[Deelnemer] = relationship()


class Mijlpaal(Herkomst, Base):
    """A milestone of a participant, or of a whole programme when deelnemer_id is empty."""

    __tablename__ = "mijlpaal"
    __table_args__ = (
        Herkomst._bron_check(),
        CheckConstraint(in_values("status", MIJLPAAL_STATUSSEN), name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kenmerk: Mapped[str] = kenmerk_column("MP")
    programma_id: Mapped[int] = mapped_column(ForeignKey("programma.id"), index=True)
    deelnemer_id: Mapped[int | None] = mapped_column(ForeignKey("deelnemer.id"), index=True)
    categorie: Mapped[str] = mapped_column(String(60))
    omschrijving: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    streefdatum: Mapped[dt.date | None] = mapped_column(Date)
    datum_bereikt: Mapped[dt.date | None] = mapped_column(Date)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    programma: Mapped[Programma] = relationship()
    deelnemer: Mapped[Deelnemer | None] = relationship()


class Wijziging(Base):
    """Audit trail: who changed what, when, with old and new values (JSON text)."""

    __tablename__ = "wijziging"
    __table_args__ = (CheckConstraint("actie IN ('toevoegen', 'wijzigen', 'verwijderen', 'geweigerd')", name="actie"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tijdstip: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    gebruiker: Mapped[str] = mapped_column(String(200))
    tabel: Mapped[str] = mapped_column(String(40))
    rij_id: Mapped[int | None] = mapped_column(Integer)
    actie: Mapped[str] = mapped_column(String(20))
    # The gemeente the changed row belongs to, so a gemeente sees the audit of its own rows only.
    gemeente_code: Mapped[str | None] = mapped_column(String(6), index=True)
    oude_waarden: Mapped[str | None] = mapped_column(Text)
    nieuwe_waarden: Mapped[str | None] = mapped_column(Text)


class Gebruiker(Base):
    """An account: a work e-mail address mapped to a role. No names; the password only as an argon2 hash."""

    __tablename__ = "gebruiker"
    __table_args__ = (
        CheckConstraint("rol IN ('beheer', 'fonds', 'vng', 'gemeente')", name="rol"),
        CheckConstraint("rol <> 'gemeente' OR gemeente_code IS NOT NULL", name="gemeente_heeft_code"),
        CheckConstraint("rol <> 'fonds' OR fonds_id IS NOT NULL", name="fonds_heeft_fonds"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    rol: Mapped[str] = mapped_column(String(20))
    gemeente_code: Mapped[str | None] = mapped_column(ForeignKey("gemeente.cbs_code"))
    fonds_id: Mapped[int | None] = mapped_column(ForeignKey("organisatie.id"))
    wachtwoord_hash: Mapped[str | None] = mapped_column(String(200))
    mislukte_pogingen: Mapped[int] = mapped_column(Integer, default=0)
    geblokkeerd_tot: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    aangemaakt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Aanmeldpoging(Base):
    """Failed sign-ins per account or per client address, for the backoff (0005).

    The key is the sha256 of 'account:<e-mail>' or 'adres:<ip>': no address itself is stored, and a row
    is removed an hour after its last failure. Unknown e-mail addresses get a row like known ones.
    (gebruiker.mislukte_pogingen and gebruiker.geblokkeerd_tot are no longer used.)
    """

    __tablename__ = "aanmeldpoging"
    __table_args__ = (CheckConstraint("mislukt >= 0", name="mislukt_niet_negatief"),)
    sleutel: Mapped[str] = mapped_column(String(64), primary_key=True)
    mislukt: Mapped[int] = mapped_column(Integer, default=0)
    laatste_poging: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    geblokkeerd_tot: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DataVersie(Base):
    """One row: the data version (0007), bumped in the same transaction as every write that changes what the
    pages show (samen_data.store.version). Every app server puts it in its cache keys, so any write by any process
    is seen on the next rerun of every session."""

    __tablename__ = "dataversie"
    __table_args__ = (CheckConstraint("id = 1", name="een_rij"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    versie: Mapped[int] = mapped_column(BigInteger, default=1)


FACT_TABLES: tuple[type[Base], ...] = (
    Programma,
    Organisatie,
    Deelnemer,
    Toezegging,
    Betaling,
    Tranche,
    Bijeenkomst,
    Aanwezigheid,
    Meting,
    Mijlpaal,
)
