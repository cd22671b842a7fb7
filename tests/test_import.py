"""Import: the template, all-or-nothing, idempotent re-import, the dry run, Dutch CSV, the bad-file corpus."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from samen_data.access.scope import BEHEER
from samen_data.cli.main import main
from samen_data.store.db import make_engine, session_scope
from samen_data.store.info import row_counts
from samen_data.store.models import Betaling, Toezegging, Wijziging
from samen_data.transfer import BLADEN, ImportRefused, export_frames, export_workbook, import_file, workbook_bytes

BAD = Path(__file__).parent / "bad_files"

# Each bad file, and what its message must say (file, row, column and the reason).
CORPUS = {
    "leeg.xlsx": (None, None, "het bestand is leeg"),
    "geen_excel.xlsx": (None, None, "is geen Excel-bestand"),
    "kapot_zip.xlsx": (None, None, "beschadigd zip-bestand"),
    "binair.csv": (None, None, "is geen tekstbestand"),
    "xml_bom.xlsx": (None, None, "verboden XML-constructies"),
    "zip_bom.xlsx": (None, None, "pakt uit tot meer dan 200 MB"),
    "verkeerde_koppen.xlsx": (1, "datum", "verplichte kolom ontbreekt"),
    "ontbrekende_koppen.csv": (1, "bedrag", "verplichte kolom ontbreekt"),
    "verkeerde_types.csv": (2, "bedrag", "'veel geld' is geen getal"),
    "deelnemers.csv": (2, "gemeente", "onbekende gemeentecode GM9999"),
    "negatief_bedrag.csv": (2, "bedrag", "is negatief"),
    "onmogelijke_datum.csv": (2, "datum", "'31-02-2023' is geen geldige datum"),
    "dubbele_rijen.csv": (3, "kenmerk", "dubbele rij"),
    "formules.xlsx": (2, "bedrag", "bevat een formule"),
}


def _payment_csv(*rows: str) -> bytes:
    return ("kenmerk;toezegging;datum;bedrag;omschrijving\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8-sig")


def test_template_has_a_sheet_per_kind_and_instructions():
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes()), read_only=True)
    assert wb.sheetnames == ["Toelichting", *(b.name for b in BLADEN)]
    headers = next(wb["Toezeggingen"].iter_rows(values_only=True))
    assert headers[:6] == ("kenmerk", "programma", "deelnemer", "financier", "soort", "bedrag")
    uitleg = [row for row in wb["Toelichting"].iter_rows(values_only=True) if row[1] == "fase"]
    assert "deels_betaald (Deels betaald)" in uitleg[0][4]


@pytest.mark.parametrize("name", CORPUS)
def test_bad_file_is_refused_with_a_message_and_nothing_written(demo_engine, name):
    rij, kolom, reason = CORPUS[name]
    before = row_counts(demo_engine)
    with pytest.raises(ImportRefused) as refused:
        import_file(demo_engine, (BAD / name).read_bytes(), name, BEHEER)
    messages = [str(p) for p in refused.value.problems]
    hit = [p for p in refused.value.problems if reason in p.melding]
    assert hit, messages
    assert all(p.bestand == name for p in refused.value.problems)
    assert any((p.rij, p.kolom) == (rij, kolom) for p in hit), messages
    assert row_counts(demo_engine) == before


def test_cp1252_csv_with_decimal_comma_imports(demo_engine):
    result = import_file(demo_engine, (BAD / "betalingen_cp1252.csv").read_bytes(), "betalingen_cp1252.csv", BEHEER)
    assert result.toegevoegd == 1
    with session_scope(demo_engine) as s:
        betaling = s.scalar(select(Betaling).where(Betaling.kenmerk == "BT-X7"))
        assert betaling.bedrag == Decimal("1234.56")
        assert betaling.omschrijving == "Tranche één – café"
        assert betaling.bron == "import"


def test_one_bad_row_refuses_the_whole_file(demo_engine):
    data = _payment_csv(
        "BT-N1;TZ-0010;15-03-2023;1.000,00;goed",
        "BT-N2;TZ-0010;15-03-2023;-5;fout",
        "BT-N3;TZ-0010;16-03-2023;2.000,00;goed",
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(demo_engine, data, "betalingen.csv", BEHEER)
    assert [(p.rij, p.kolom) for p in refused.value.problems] == [(3, "bedrag")]
    with session_scope(demo_engine) as s:
        assert s.scalar(select(func.count()).select_from(Betaling).where(Betaling.kenmerk.like("BT-N%"))) == 0


def test_every_problem_is_reported_at_once(demo_engine):
    data = _payment_csv("BT-M1;TZ-9999;01-01-2030;-5;", "BT-M1;TZ-0010;gisteren;10;")
    with pytest.raises(ImportRefused) as refused:
        import_file(demo_engine, data, "betalingen.csv", BEHEER)
    found = {(p.rij, p.kolom) for p in refused.value.problems}
    assert found == {(2, "toezegging"), (2, "bedrag"), (3, "kenmerk"), (3, "datum")}


def test_dry_run_previews_and_writes_nothing(demo_engine):
    data = _payment_csv("BT-0001;TZ-0001;15-03-2022;4.800,00;gewijzigd", "BT-D1;TZ-0010;15-03-2023;500;nieuw")
    before = row_counts(demo_engine)
    result = import_file(demo_engine, data, "betalingen.csv", BEHEER, dry_run=True)
    assert (result.toegevoegd, result.gewijzigd) == (1, 1)
    changed = [c for c in result.changes if c.actie == "wijzigen"][0]
    assert changed.sleutel == "BT-0001" and "bedrag" in changed.velden
    assert row_counts(demo_engine) == before


def test_reimport_changes_nothing_and_updates_by_natural_key(demo_engine):
    data = _payment_csv("BT-R1;TZ-0010;15-03-2023;500;eerste")
    assert import_file(demo_engine, data, "betalingen.csv", BEHEER).toegevoegd == 1
    again = import_file(demo_engine, data, "betalingen.csv", BEHEER)
    assert (again.toegevoegd, again.gewijzigd) == (0, 0)
    changed = import_file(demo_engine, _payment_csv("BT-R1;TZ-0010;15-03-2023;750;eerste"), "betalingen.csv", BEHEER)
    assert changed.gewijzigd == 1
    with session_scope(demo_engine) as s:
        betaling = s.scalar(select(Betaling).where(Betaling.kenmerk == "BT-R1"))
        assert (betaling.bedrag, betaling.versie) == (Decimal("750.00"), 2)
        audit = s.scalars(
            select(Wijziging)
            .where(Wijziging.tabel == "betaling", Wijziging.rij_id == betaling.id)
            .order_by(Wijziging.id)
        ).all()
        assert [a.actie for a in audit] == ["toevoegen", "wijzigen"]
        assert '"bedrag": "500.00"' in audit[1].oude_waarden and '"bedrag": "750.00"' in audit[1].nieuwe_waarden


def test_whole_database_round_trips_through_an_empty_database(templates, tmp_path, empty_engine):
    demo_engine = make_engine(templates.sqlite_copy("demo", tmp_path / "bron.db"))
    exported = export_workbook(demo_engine, BEHEER)
    result = import_file(empty_engine, exported, "samen-database.xlsx", BEHEER)
    assert result.gewijzigd == 0 and result.toegevoegd > 1500
    first, second = export_frames(demo_engine, BEHEER), export_frames(empty_engine, BEHEER)
    for name in first:
        assert first[name].equals(second[name]), name
    with session_scope(empty_engine) as s:  # synthetic demo rows stay marked synthetic
        assert s.scalar(select(func.count()).select_from(Toezegging).where(Toezegging.bron == "synthetisch")) > 0
    assert import_file(empty_engine, exported, "samen-database.xlsx", BEHEER).toegevoegd == 0
    demo_engine.dispose()


def test_cli_import_refuses_with_exit_3_and_names_row_and_field(demo_url, tmp_path, capsys):
    path = tmp_path / "betalingen.csv"
    path.write_bytes(_payment_csv("BT-C1;TZ-0010;15-03-2023;-5;"))
    assert main(["--database", demo_url, "import", str(path)]) == 3
    err = capsys.readouterr().err
    assert "Geweigerd" in err and "rij 2, kolom 'bedrag'" in err and "niets ingelezen" in err


def test_cli_dry_run_then_import(demo_url, tmp_path, capsys):
    path = tmp_path / "betalingen.csv"
    path.write_bytes(_payment_csv("BT-C2;TZ-0010;15-03-2023;1.250,50;"))
    assert main(["--database", demo_url, "import", str(path), "--dry-run"]) == 0
    assert "Proefrun (niets opgeslagen)" in capsys.readouterr().out
    assert main(["--database", demo_url, "import", str(path)]) == 0
    assert "Betalingen" in capsys.readouterr().out
    assert main(["--database", demo_url, "import", str(path)]) == 0
    assert "0 nieuw" in capsys.readouterr().out


def test_cli_missing_file(demo_url, tmp_path, capsys):
    assert main(["--database", demo_url, "import", str(tmp_path / "nergens.xlsx")]) == 1
    assert "Bestand niet gevonden" in capsys.readouterr().err


def test_a_sheet_over_the_row_limit_is_refused_before_it_is_read(empty_engine, monkeypatch):
    """The limit per sheet (read.MAX_ROWS, lowered here to keep the file small) holds for .xlsx and .csv, and
    names the sheet; nothing is written."""
    import io

    import openpyxl

    from samen_data.transfer import read

    monkeypatch.setattr(read, "MAX_ROWS", 50)
    wb = openpyxl.Workbook()
    wb.active.title = "Aanwezigheid"
    wb.active.append(["bijeenkomst", "organisatie", "rol", "aangemeld", "aanwezig"])
    for _ in range(51):
        wb.active.append(["BK-1", "Org", "bewoner", 1, 1])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportRefused) as refused:
        import_file(empty_engine, buffer.getvalue(), "groot.xlsx", BEHEER)
    [problem] = refused.value.problems
    assert (problem.blad, problem.melding) == (
        "Aanwezigheid",
        "meer dan 50 rijen in één blad; splits het bestand in delen van hoogstens 50 rijen",
    )
    csv_text = "bijeenkomst;organisatie;rol;aangemeld;aanwezig\r\n" + "BK-1;Org;bewoner;1;1\r\n" * 51
    with pytest.raises(ImportRefused) as refused:
        import_file(empty_engine, csv_text.encode(), "aanwezigheid.csv", BEHEER)
    assert [p.melding[:17] for p in refused.value.problems] == ["meer dan 50 rijen"]
    fifty = csv_text.replace("BK-1;Org;bewoner;1;1\r\n", "", 1)  # exactly at the limit: read, then checked
    with pytest.raises(ImportRefused) as refused:
        import_file(empty_engine, fifty.encode(), "aanwezigheid.csv", BEHEER)
    assert "onbekende bijeenkomst" in refused.value.problems[0].melding


@pytest.mark.parametrize("bedrag", ["1e18", "1E30", "NaN", "-inf", "9" * 400, 1e18, 1e30, 10**40])
def test_an_amount_that_does_not_fit_gets_a_dutch_message(empty_engine, bedrag):
    """Numbers the decimal context or BIGINT cents cannot hold: a message naming row and column, never a crash."""
    wb = openpyxl.Workbook()
    wb.active.title = "Betalingen"
    wb.active.append(["kenmerk", "toezegging", "datum", "bedrag"])
    wb.active.append(["BT-1", "TZ-1", "01-06-2024", bedrag])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportRefused) as refused:
        import_file(empty_engine, buffer.getvalue(), "groot.xlsx", BEHEER)
    [amount] = [p for p in refused.value.problems if p.kolom == "bedrag"]
    assert amount.rij == 2 and any(
        w in amount.melding
        for w in ("onwaarschijnlijk groot", "geen getal", "geen bruikbaar getal", "verwacht een getal")
    )


def test_a_column_the_file_lacks_leaves_that_field_an_empty_cell_clears_it(demo_engine):
    """A short CSV (or an older template) renames the programme without wiping its description; an empty cell
    in a column that is there does clear it, as the preview says."""
    from samen_data.store.models import Programma

    def omschrijving() -> str | None:
        with session_scope(demo_engine) as s:
            return s.scalar(select(Programma.omschrijving).where(Programma.code == "SAMEN"))

    before = omschrijving()
    assert before and before.startswith("Programma van VSBfonds")
    short = "code;naam;startdatum;einddatum\r\nSAMEN;Programma SAMEN (hernoemd);28-11-2022;30-11-2024\r\n"
    preview = import_file(demo_engine, short.encode(), "programmas.csv", BEHEER, dry_run=True)
    assert [set(c.velden) for c in preview.changes] == [{"naam", "bron"}]
    import_file(demo_engine, short.encode(), "programmas.csv", BEHEER)
    assert omschrijving() == before
    cleared = short.replace("einddatum\r\n", "einddatum;omschrijving\r\n").replace("2024\r\n", "2024;\r\n", 1)
    done = import_file(demo_engine, cleared.encode(), "programmas.csv", BEHEER)
    assert [set(c.velden) for c in done.changes] == [{"omschrijving"}]
    assert omschrijving() is None


def test_a_short_milestone_file_keeps_the_participant_and_its_owner(demo_engine):
    """Without a deelnemer column a milestone stays with its participant, so the ownership rule sees that owner:
    Vaals updates its own milestone, and is refused (nothing written) for one of Den Bosch."""
    from samen_data.access.scope import Scope
    from samen_data.store.models import Deelnemer, Mijlpaal

    vaals = Scope(rol="gemeente", email="ambtenaar@vaals.test", gemeente="GM0981")
    head = "kenmerk;programma;categorie;omschrijving;status\r\n"

    def stand(kenmerk: str) -> tuple[str, str]:
        with session_scope(demo_engine) as s:
            row = s.execute(
                select(Mijlpaal.status, Deelnemer.naam)
                .join(Deelnemer, Mijlpaal.deelnemer_id == Deelnemer.id)
                .where(Mijlpaal.kenmerk == kenmerk)
            ).one()
            return tuple(row)

    own = head + "MP-0011;SAMEN;maatschappelijk aanbesteden;Maatschappelijk aanbesteden in Vaals;bereikt\r\n"
    import_file(demo_engine, own.encode(), "mijlpaal.csv", vaals)
    assert stand("MP-0011") == ("bereikt", "Vaals – Vaals Verbindt")
    other = head + "MP-0007;SAMEN;maatschappelijk aanbesteden;Maatschappelijk aanbesteden in Den Bosch;vervallen\r\n"
    with pytest.raises(ImportRefused) as refused:
        import_file(demo_engine, other.encode(), "mijlpaal.csv", vaals)
    assert [(p.rij, p.melding) for p in refused.value.problems] == [
        (2, "geen toegang: u mag alleen rijen van uw eigen gemeente aanmaken of wijzigen")
    ]
    assert stand("MP-0007") == ("bereikt", "Den Bosch – Transfarmers en Copernikkel")
    import_file(demo_engine, other.encode(), "mijlpaal.csv", BEHEER)  # beheer: no move, the participant stays
    assert stand("MP-0007") == ("vervallen", "Den Bosch – Transfarmers en Copernikkel")
