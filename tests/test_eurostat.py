"""The Eurostat Urban Audit importer: SDMX-CSV parsing, derived indicators, distributions, precise errors.

Synthetic exports written here test the parser without `../shared`; the real exports, when present, test that
files exactly as Eurostat writes them import into the bundled knowledge base.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from inclucities.errors import KnowledgeBaseInvalid
from inclucities.importers.eurostat.derive import DERIVED, deciles, derive, format_number
from inclucities.importers.eurostat.parse import INDICATORS, parse_sdmx_csv
from inclucities.importers.eurostat.write import import_eurostat
from inclucities.kb.loader import load
from inclucities.kb.schema.distribution import STATISTICS
from tests.conftest import REPO, fingerprint, run_cli, shared_data

HEADER = (
    "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,freq,Time frequency,indic_ur,Urban audit indicator,cities,"
    "Geopolitical entity (declaring),TIME_PERIOD,Time,OBS_VALUE,Observation value,OBS_FLAG,"
    "Observation status (Flag) V2 structure,CONF_STATUS,Confidentiality status (flag)"
)
POP = 'dataflow,ESTAT:URB_CPOP1(1.0),Population,A,Annual,DE1001V,"Population on the 1st of January, total"'
FOREIGN = "dataflow,ESTAT:URB_CPOPCB(1.0),Population by citizenship,A,Annual,DE2009V,Foreign-born"

# line 2 a country row, line 4 a place label with a quoted comma, line 5 an empty value with flag u
SYNTHETIC_POP = f"""{HEADER}
{POP},BE,Belgium,2024,,11832049,,,,,
{POP},BE012C,Mechelen,2024,,89467,,b,break in time series,,
{POP},BE001C,"Bruxelles/Brussel, greater city",2024,,1249597,,,,,
{POP},LV003C,Jelgava,2024,,,,u,low reliability,,
{POP},XX001C,Elsewhere,2024,,50000.0,,,,,
"""
SYNTHETIC_FOREIGN = f"""{HEADER}
{FOREIGN},BE,Belgium,2024,,2500000.0,,,,,
{FOREIGN},BE012C,Mechelen,2024,,19055.0,,e,estimated,,
{FOREIGN},BE001C,"Bruxelles/Brussel, greater city",2024,,580000.0,,,,,
{FOREIGN},XX001C,Elsewhere,2023,,5000.0,,,,,
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(error: pytest.ExceptionInfo[KnowledgeBaseInvalid]) -> list[str]:
    return [problem.format() for problem in error.value.problems]


def real(*names: str) -> list[Path]:
    return [shared_data("eurostat") / name for name in names]


def read_values(kb: Path) -> list[dict[str, str]]:
    with (kb / "data/indicators/eurostat.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def read_distributions(kb: Path) -> list[dict[str, str]]:
    with (kb / "data/indicators/distributions/eurostat.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def value_of(rows: list[dict[str, str]], city: str, indicator: str, year: int) -> dict[str, str]:
    found = [row for row in rows if (row["city"], row["indicator"], row["year"]) == (city, indicator, str(year))]
    assert len(found) == 1, f"{city} {indicator} {year}: {found}"
    return found[0]


# -- without ../shared ----------------------------------------------------------------------------------------


def test_parser_reads_quoted_commas_skips_countries_and_counts_empty_values() -> None:
    parsed = parse_sdmx_csv(SYNTHETIC_POP, "pop.csv")
    assert parsed.rows_read == 5
    assert parsed.rows_empty == 1
    assert parsed.country_rows == 1
    by_code = {o.code: o for o in parsed.observations}
    assert sorted(by_code) == ["BE001C", "BE012C", "XX001C"]
    assert by_code["BE001C"].place == "Bruxelles/Brussel, greater city"
    mechelen = by_code["BE012C"]
    assert (mechelen.indicator, mechelen.year, mechelen.value, mechelen.flag) == ("population", 2024, 89467, "b")
    assert mechelen.source == "Eurostat urb_cpop1 (DE1001V)"


def test_synthetic_import_writes_network_values_derived_flags_and_distributions(bundled_copy: Path, tmp_path: Path) -> None:
    files = [write(tmp_path, "pop.csv", SYNTHETIC_POP), write(tmp_path, "foreign.csv", SYNTHETIC_FOREIGN)]
    summary = import_eurostat(files, bundled_copy)

    rows = read_values(bundled_copy)
    assert {row["city"] for row in rows} == {"mechelen", "brussels", "schaerbeek"}  # both Brussels cities use BE001C
    assert [(r["city"], r["indicator"], r["year"]) for r in rows] == sorted((r["city"], r["indicator"], r["year"]) for r in rows)
    assert value_of(rows, "mechelen", "population", 2024)["value"] == "89467"
    assert value_of(rows, "mechelen", "foreign-born", 2024)["value"] == "19055"
    share = value_of(rows, "mechelen", "foreign-born-share", 2024)
    assert (share["value"], share["unit"], share["flag"]) == ("21.3", "%", "be")
    assert share["source"] == "Eurostat urb_cpopcb / urb_cpop1 (DE2009V / DE1001V × 100)"

    spread = {(r["indicator"], r["year"]): r for r in read_distributions(bundled_copy)}
    # the country rows are not among the cities; XX001C (not in the network) is
    assert spread[("population", "2024")]["cities"] == "3"
    assert spread[("population", "2024")]["max"] == "1249597"
    assert spread[("population", "2024")]["min"] == "50000"
    assert spread[("foreign-born", "2023")]["cities"] == "1"
    assert spread[("foreign-born-share", "2024")]["cities"] == "2"  # Elsewhere's foreign-born is for another year

    assert (summary.rows_read, summary.rows_empty, summary.country_rows) == (9, 1, 2)
    assert summary.cities_matched == 3
    assert summary.values_written == len(rows)
    assert summary.distribution_rows == len(spread)
    assert "jelgava" in summary.cities_without_data

    kb = load(bundled_copy)
    assert len(kb.indicators) == len(rows)
    assert len(kb.distributions) == len(spread)


def test_an_impossible_share_is_left_out_and_told() -> None:
    too_many = SYNTHETIC_FOREIGN.replace(",19055.0,", ",99999.0,")
    observations = parse_sdmx_csv(SYNTHETIC_POP, "p").observations + parse_sdmx_csv(too_many, "f").observations
    derived, impossible = derive(observations)
    assert [(o.indicator, o.code) for o in derived] == [("foreign-born-share", "BE001C")]
    assert impossible == ["foreign-born-share BE012C (Mechelen) 2024: 111.77 %"]


def test_derived_values_need_both_inputs_in_the_same_year() -> None:
    observations = parse_sdmx_csv(SYNTHETIC_POP, "p").observations + parse_sdmx_csv(SYNTHETIC_FOREIGN, "f").observations
    derived, impossible = derive(observations)
    assert not impossible
    assert {(o.indicator, o.code, o.year) for o in derived} == {
        ("foreign-born-share", "BE012C", 2024),
        ("foreign-born-share", "BE001C", 2024),
    }


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (",89467,", ",abc,", "bad.csv:3: column OBS_VALUE: 'abc' is not a number (allowed: a number, or empty"),
        (",2024,,89467", ",24,,89467", "bad.csv:3: column TIME_PERIOD: '24' is not a year (allowed: YYYY"),
        (",BE012C,", ",Mechelen!,", "bad.csv:3: column cities: 'Mechelen!' is not a place code (allowed:"),
        ("OBS_VALUE,", "VALUE,", "bad.csv:1: column OBS_VALUE: missing (allowed: an SDMX-CSV export from Eurostat"),
        (
            "DE1001V,",
            "DE9999V,",
            "bad.csv:2: column indic_ur: unknown Urban Audit indicator 'DE9999V' (allowed: DE1001V (population), DE2009V",
        ),
    ],
)
def test_invalid_export_is_reported_precisely_and_writes_nothing(
    bundled_copy: Path, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in SYNTHETIC_POP
    good = write(tmp_path, "foreign.csv", SYNTHETIC_FOREIGN)
    bad = write(tmp_path, "bad.csv", SYNTHETIC_POP.replace(old, new))
    before = fingerprint(bundled_copy)
    with pytest.raises(KnowledgeBaseInvalid) as error:
        import_eurostat([good, bad], bundled_copy)
    messages = [message.replace(str(tmp_path) + "/", "") for message in problems_of(error)]
    assert any(message.startswith(expected) for message in messages), messages
    assert fingerprint(bundled_copy) == before


def test_every_problem_of_every_file_is_listed_at_once(bundled_copy: Path, tmp_path: Path) -> None:
    one = write(tmp_path, "one.csv", SYNTHETIC_POP.replace(",89467,", ",abc,").replace(",1249597,", ",1.2.3,"))
    two = write(tmp_path, "two.csv", SYNTHETIC_FOREIGN.replace("OBS_FLAG,", "FLAG,"))
    missing = tmp_path / "missing.csv"
    with pytest.raises(KnowledgeBaseInvalid) as error:
        import_eurostat([one, two, missing], bundled_copy)
    messages = "\n".join(problems_of(error))
    assert "one.csv:3: column OBS_VALUE: 'abc'" in messages
    assert "one.csv:4: column OBS_VALUE: '1.2.3'" in messages
    assert "two.csv:1: column OBS_FLAG: missing" in messages
    assert "missing.csv: no such file" in messages


def test_the_same_export_twice_is_one_problem(bundled_copy: Path, tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", SYNTHETIC_POP)
    second = write(tmp_path, "b.csv", SYNTHETIC_POP)
    with pytest.raises(KnowledgeBaseInvalid) as error:
        import_eurostat([first, second], bundled_copy)
    messages = problems_of(error)
    assert len(messages) == 1
    assert "and 2 more already given in" in messages[0]


def test_command_exit_codes(bundled_copy: Path, tmp_path: Path) -> None:
    good = write(tmp_path, "pop.csv", SYNTHETIC_POP)
    bad = write(tmp_path, "bad.csv", SYNTHETIC_POP.replace(",89467,", ",abc,"))
    assert run_cli("import-eurostat", "--kb", str(bundled_copy)).exit_code == 2
    before = fingerprint(bundled_copy)
    invalid = run_cli("import-eurostat", "--kb", str(bundled_copy), str(bad))
    assert invalid.exit_code == 1
    assert "column OBS_VALUE: 'abc' is not a number" in invalid.output
    assert fingerprint(bundled_copy) == before
    valid = run_cli("import-eurostat", "--kb", str(bundled_copy), str(good))
    assert valid.exit_code == 0, valid.output
    assert "values written" in valid.output


def test_an_invalid_distribution_row_is_reported(bundled_copy: Path, tmp_path: Path) -> None:
    import_eurostat([write(tmp_path, "pop.csv", SYNTHETIC_POP)], bundled_copy)
    path = bundled_copy / "data/indicators/distributions/eurostat.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[4], cells[-2] = cells[-2], cells[4]  # swap min and max
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseInvalid) as error:
        load(bundled_copy)
    assert any("data/indicators/distributions/eurostat.csv:2:" in m and "(allowed: min ≤ p10" in m for m in problems_of(error))


@pytest.mark.parametrize("value,text", [(89467.0, "89467"), (21.2999, "21.3"), (0.004, "0"), (1249597.456, "1249597.46")])
def test_numbers_have_no_needless_decimals(value: float, text: str) -> None:
    assert format_number(value) == text


def test_deciles_interpolate_linearly() -> None:
    assert deciles(list(range(11))) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert deciles([7.0]) == [7.0] * 11


def test_registries_are_consistent() -> None:
    slugs = [indicator.slug for indicator in INDICATORS.values()] + list(DERIVED)
    assert len(slugs) == len(set(slugs))
    for rule in DERIVED.values():
        assert rule.numerator in INDICATORS and rule.denominator in INDICATORS


def test_bundled_tables_hold_only_network_cities_and_one_distribution_row_per_indicator_and_year() -> None:
    kb = load(REPO)
    if not (REPO / "data/indicators/eurostat.csv").is_file():
        pytest.skip("the Eurostat import has not been run on the bundled knowledge base")
    assert {value.city for value in kb.indicators} <= set(kb.cities)
    keys = [(row.indicator, row.year) for row in kb.distributions]
    assert len(keys) == len(set(keys))
    assert {row.indicator for row in kb.distributions} == {i.slug for i in INDICATORS.values()} | set(DERIVED)


# -- the real exports in ../shared/data/eurostat ----------------------------------------------------------------


def test_real_exports_give_mechelen_and_jelgava(bundled_copy: Path) -> None:
    import_eurostat(real("urb_cpop1.csv", "urb_cpopcb.csv"), bundled_copy)
    rows = read_values(bundled_copy)
    assert value_of(rows, "mechelen", "population", 2024)["value"] == "89467"
    assert value_of(rows, "mechelen", "foreign-born", 2024)["value"] == "19055"
    share = value_of(rows, "mechelen", "foreign-born-share", 2024)
    assert float(share["value"]) == pytest.approx(21.3, abs=0.05)
    assert share["unit"] == "%"
    assert value_of(rows, "jelgava", "population", 2015)["value"] == "57180"
    assert value_of(rows, "jelgava", "foreign-born", 2015)["value"] == "8501"
    assert {row["indicator"] for row in rows} == {"population", "foreign-born", "foreign-born-share"}
    assert load(bundled_copy).distributions


def test_real_flags_are_kept(bundled_copy: Path) -> None:
    import_eurostat(real("urb_clma_unemployed.csv", "urb_ceduc.csv", "urb_cpop1.csv"), bundled_copy)
    rows = read_values(bundled_copy)
    assert value_of(rows, "mechelen", "unemployed", 2022)["flag"] == "e"
    assert value_of(rows, "mechelen", "unemployed", 2021)["flag"] == ""
    assert value_of(rows, "jelgava", "students-higher-education", 2017)["flag"] == "d"
    # Jelgava's 2019 unemployment is withheld by Eurostat (flag u, no value): no row
    assert not [r for r in rows if (r["city"], r["indicator"], r["year"]) == ("jelgava", "unemployed", "2019")]
    # a derived value carries its inputs' flags
    assert value_of(rows, "jelgava", "students-per-1000", 2017)["flag"] == "d"


def test_real_parse_reads_quoted_labels_and_counts_what_it_skips() -> None:
    (path,) = real("urb_clma_unemployed.csv")
    parsed = parse_sdmx_csv(path.read_text(encoding="utf-8"), path.name)
    with path.open(encoding="utf-8", newline="") as stream:
        raw = list(csv.DictReader(stream))
    assert parsed.rows_read == len(raw)
    assert parsed.rows_empty == sum(1 for row in raw if not row["OBS_VALUE"])
    assert parsed.country_rows == sum(1 for row in raw if len(row["cities"]) == 2 and row["OBS_VALUE"])
    assert {o.indicator for o in parsed.observations} == {
        "unemployed"
    }  # the label "Persons unemployed, total" did not shift columns
    places = {o.code: o.place for o in parsed.observations}
    assert places["BE012C"] == "Mechelen"
    assert all(len(code) == 6 for code in places)


def test_real_distribution_excludes_countries_and_deciles_increase(bundled_copy: Path) -> None:
    files = real("urb_cpop1.csv", "urb_cpopcb.csv", "urb_clma_unemployed.csv", "urb_clma_employed.csv", "urb_ceduc.csv")
    summary = import_eurostat(files, bundled_copy)
    spread = read_distributions(bundled_copy)
    assert len(spread) == summary.distribution_rows
    assert len({(r["indicator"], r["year"]) for r in spread}) == len(spread)
    assert {r["indicator"] for r in spread} == {i.slug for i in INDICATORS.values()} | set(DERIVED)

    with files[0].open(encoding="utf-8", newline="") as stream:
        raw = [row for row in csv.DictReader(stream) if row["TIME_PERIOD"] == "2020" and row["OBS_VALUE"]]
    cities = [float(row["OBS_VALUE"]) for row in raw if len(row["cities"]) > 2]
    countries = [float(row["OBS_VALUE"]) for row in raw if len(row["cities"]) == 2]
    population_2020 = next(r for r in spread if (r["indicator"], r["year"]) == ("population", "2020"))
    assert int(population_2020["cities"]) == len(cities)
    assert float(population_2020["max"]) == max(cities)
    assert float(population_2020["max"]) < max(countries)  # no national total slipped in

    for row in spread:
        stats = [float(row[name]) for name in STATISTICS]
        assert stats == sorted(stats), row
    shares = [r for r in spread if r["indicator"] == "foreign-born-share"]
    assert shares and all(0 <= float(r["min"]) and float(r["max"]) <= 100 for r in shares)
    # Eurostat's 2021 estimates put more foreign-born than residents in some German cities: those shares are left out
    assert any(item.startswith("foreign-born-share DE082C (Gelsenkirchen) 2021: ") for item in summary.derived_left_out)
    assert summary.cities_without_data == ("capaci", "fuenlabrada", "livadia")


def test_real_invalid_value_names_file_and_line_and_writes_nothing(bundled_copy: Path, tmp_path: Path) -> None:
    (source,) = real("urb_cpop1.csv")
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, start=1) if ",BE012C,Mechelen,2024," in line)
    lines[number - 1] = lines[number - 1].replace(",89467,", ",abc,")
    header = lines[0].replace("TIME_PERIOD", "PERIOD")
    bad = write(tmp_path, "urb_cpop1.csv", "".join(lines))
    headless = write(tmp_path, "urb_cpopcb.csv", header + "".join(lines[1:3]))
    before = fingerprint(bundled_copy)
    with pytest.raises(KnowledgeBaseInvalid) as error:
        import_eurostat([bad, headless], bundled_copy)
    messages = problems_of(error)
    assert (
        f"{bad}:{number}: column OBS_VALUE: 'abc' is not a number (allowed: a number, or empty when Eurostat has no value)"
        in messages
    )
    assert any(m.startswith(f"{headless}:1: column TIME_PERIOD: missing (allowed:") for m in messages)
    assert fingerprint(bundled_copy) == before
