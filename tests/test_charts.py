"""Charts and infographics: specifications, colours, accessibility, offline rendering, poster files."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from inclucities.analysis.gaps import pair_scores
from inclucities.figures import charts, posters
from inclucities.figures import network as network_charts
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.site.network import figures as network_figures
from tests.conftest import REPO, data_table


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


def contrast(colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def marks(spec: dict) -> list[str]:
    found = []
    for layer in spec.get("layer", []) + spec.get("vconcat", []) + spec.get("hconcat", []):
        found += marks(layer)
    if "mark" in spec:
        mark = spec["mark"]
        found.append(mark if isinstance(mark, str) else mark["type"])
    if "spec" in spec:
        found += marks(spec["spec"])
    return found


def test_palette_is_distinct_and_has_3_to_1_contrast_on_white() -> None:
    assert len(set(charts.PALETTE)) == len(charts.PALETTE) == 8
    assert all(contrast(colour) >= 3 for colour in charts.PALETTE)


def test_a_city_keeps_its_colour_everywhere(kb: KnowledgeBase) -> None:
    ids = [c.id for c in kb.network.cities]
    assert charts.city_colours(ids) == charts.city_colours(ids)
    assert charts.city_colours(ids)["capaci"] == charts.PALETTE[ids.index("capaci")]


def test_gap_dumbbell_spec(kb: KnowledgeBase) -> None:
    scores = pair_scores(kb, "pair-2")
    latest = scores[scores["stage"] == "visit-3"]
    colours = {"Mechelen": "#009E73", "Capaci": "#CC79A7"}
    spec = charts.gap_dumbbell(latest, "Mechelen", "Capaci", colours).wide.to_dict()
    assert marks(spec) == ["text", "rule", "point"]  # the key factors' names, the gaps, the scores
    points = spec["layer"][2]["encoding"]
    assert points["color"]["scale"]["range"] == ["#009E73", "#CC79A7"]
    assert points["shape"]["field"] == "city"  # not by colour alone
    assert points["x"]["scale"]["domain"] == [0, 4]


def test_progress_lines_one_panel_per_key_factor(kb: KnowledgeBase) -> None:
    scores = pair_scores(kb, "pair-4")
    chart = charts.progress_lines(scores, "Jelgava", "#000000")
    for spec, columns in ((chart.wide.to_dict(), 3), (chart.narrow.to_dict(), 1)):
        assert len(spec["concat"]) == scores["key_factor"].nunique() and spec["columns"] == columns
        assert "line" in marks(spec["concat"][0]) and "point" in marks(spec["concat"][0])


def test_heatmap_writes_every_score_in_its_cell() -> None:
    matrix = pd.DataFrame({"a": [1, 4], "b": [0, 2]}, index=["x", "y"])
    spec = charts.needs_heatmap(matrix, {"x": "X", "y": "Y"}, {"a": "A", "b": "B"}).wide.to_dict()
    assert marks(spec) == ["text", "rect", "text"]  # the key factors' names, the cells, the scores
    assert spec["layer"][2]["encoding"]["text"]["field"] == "score"


def test_matching_matrix_marks_chosen_and_actual_pairs() -> None:
    pairs = pd.DataFrame({"mentor": ["m", "m"], "learner": ["a", "b"], "best_theme": ["t", "t"], "compatibility": [3.0, 1.0]})
    chart = charts.matching_matrix(pairs, {("m", "a")}, {("m", "b")}, {"m": "M", "a": "A", "b": "B"})
    spec = chart.wide.to_dict()
    assert marks(spec) == ["rect", "rect", "text"]
    data = {name: rows for name, rows in spec["datasets"].items()}
    labels = [row["label"] for rows in data.values() for row in rows if "label" in row]
    assert "1.00 ★" in labels and "3.00" in labels


def test_plan_timeline_shapes_status(kb: KnowledgeBase) -> None:
    from inclucities.analysis.plans import actions_frame

    actions = actions_frame(kb, "jelgava")
    spec = charts.plan_timeline(actions, {k: kf.title for k, (_, kf) in kb.key_factors.items()}).wide.to_dict()
    assert marks(spec) == ["text", "text", "bar", "point"]  # actions, key factors over them, bars, status
    assert spec["layer"][3]["encoding"]["shape"]["field"] == "status"


def test_process_timeline_has_the_seven_steps_and_the_real_dates(kb: KnowledgeBase) -> None:
    spec = network_charts.process_chart(kb).wide.to_dict()
    headings = [row for rows in spec["datasets"].values() for row in rows if row.get("heading")]
    steps = [" ".join(row["lines"]) for row in headings]
    assert len(steps) == 8 and steps[0].startswith("1. ") and steps[6].startswith("7. ") and steps[7] == "Afterwards"
    milestones = next(rows for rows in spec["datasets"].values() if rows and "start" in rows[0])
    assert milestones[0]["start"] == "2020-06" and milestones[-1]["start"] == "2023-03"


def test_process_data_table_numbers_steps_as_whole_numbers(kb: KnowledgeBase) -> None:
    page, _ = network_figures.process(kb)
    table = page.split("Data table:", 1)[1]
    assert "| Kick\\-off | 2020\\-06 | 2020\\-06 | 1 |" in table
    assert ".0 |" not in table


def test_network_diagram_draws_every_city_and_pair(kb: KnowledgeBase) -> None:
    cities, pairs = network_charts.diagram_data(kb)
    assert len(cities) == 8 and len(pairs) == 4
    assert (pairs["mentor_row"] == pairs["learner_row"]).all()


def test_network_map_places_every_located_city_and_pair(kb: KnowledgeBase) -> None:
    cities, pairs = network_charts.map_data(kb)
    assert len(cities) == 8 and len(pairs) == 4
    # the three Belgian mentors lie within 20 km: one place on the map, their names stacked below each other
    belgian = cities[cities["id"].isin(["brussels", "mechelen", "schaerbeek"])]
    assert belgian[["anchor_lat", "anchor_lon"]].drop_duplicates().shape[0] == 1
    assert sorted(belgian["stack"]) == [0, 1, 2]
    assert set(cities[~cities.index.isin(belgian.index)]["stack"]) == {0}
    distance = pairs.set_index("pair")["distance_km"]
    assert 350 < distance["pair-1"] < 400 and 2200 < distance["pair-3"] < 2400
    spec = network_charts.map_chart(kb).wide.to_dict()
    assert marks(spec)[:3] == ["geoshape", "rule", "point"] and set(marks(spec)[3:]) == {"text"}
    assert spec["projection"]["fit"]["geometry"]["type"] == "MultiPoint"
    land = spec["layer"][0]
    assert land["mark"]["aria"] is False and land["data"]["format"]["property"] == "features"


def test_network_map_figure_says_where_and_how_far(kb: KnowledgeBase) -> None:
    page, files = network_figures.located_map(kb)
    assert list(files) == ["figures/network-map.svg", "figures/network-map.narrow.svg"]
    alt_text = page.split("\n")[1]
    assert "Livadia (GR)" in alt_text and "Fuenlabrada → Livadia, 2,293 km" in alt_text
    assert "373 to 2,293 km apart" in alt_text
    titles = svg_titles(str(files["figures/network-map.svg"]))
    assert "Pair: Fuenlabrada → Livadia; Theme: Labour-market integration; Distance (km): 2,293" in titles
    assert "City: Jelgava (LV); Role: learner; Paired with: Schaerbeek" in titles


def test_a_network_without_locations_has_no_map(tmp_path: Path) -> None:
    from inclucities.kb.synthetic import generate

    assert network_figures.located_map(load(generate(tmp_path / "kb", 8))) == ("", {})


def test_pair_poster_is_one_chart_with_the_key_parts(kb: KnowledgeBase) -> None:
    spec = posters.pair_poster(kb, "pair-4").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    for expected in (
        "Schaerbeek → Jelgava",
        "Benchmark:",
        "Key figures",
        "Gap between mentor and learner",
        "Action plan at a glance",
    ):
        assert expected in text
    assert "config" in spec and "vconcat" in spec


def svg_titles(image: str) -> list[str]:
    """The native tooltips of an SVG's marks: the text of every `<title>` inside a mark."""
    root = ET.fromstring(image)
    return [title.text or "" for title in root.iter("{http://www.w3.org/2000/svg}title")]


def test_marks_carry_tooltips_built_from_their_data(kb: KnowledgeBase) -> None:
    from inclucities.figures.render import svg

    scores = pair_scores(kb, "pair-2")
    latest = scores[scores["stage"] == "visit-3"]
    image = svg(charts.gap_dumbbell(latest, "Mechelen", "Capaci", {"Mechelen": "#009E73", "Capaci": "#CC79A7"}).wide)
    titles = svg_titles(image)
    assert len(titles) == 2 * len(latest)  # one per point; the connecting rules carry none
    first = latest.iloc[0]
    assert f"City: Capaci; Key factor: {first['key_factor_title']}; Score: {first['learner']:g}" in titles


def test_tooltip_text_from_the_knowledge_base_stays_text() -> None:
    from inclucities.figures.render import svg

    hostile = 'Welcome <script>alert("x")</script> & more'
    actions = pd.DataFrame([{"title": hostile, "key_factor": "k", "start": "2022-01", "end": "2022-06", "status": "planned"}])
    image = svg(charts.plan_timeline(actions, {"k": "Key <b>factor</b>"}).narrow)
    assert "<script" not in image and "<b>" not in image
    titles = svg_titles(image)
    assert f"Action: {hostile}; Key factor: Key <b>factor</b>; From: 2022-01; To: 2022-06; Status: planned" in titles


def test_with_tooltips_turns_mark_labels_into_titles() -> None:
    from inclucities.figures.render import with_tooltips

    image = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g aria-label="X-axis" role="graphics-symbol"></g>'
        '<path aria-label="A: 1 &lt;2&gt;" role="graphics-symbol" aria-roledescription="bar" d="M0,0h1"/></svg>'
    )
    assert with_tooltips(image) == (
        '<svg xmlns="http://www.w3.org/2000/svg"><g aria-label="X-axis" role="graphics-symbol"></g>'
        '<path role="graphics-symbol" aria-roledescription="bar" d="M0,0h1"><title>A: 1 &lt;2&gt;</title></path></svg>'
    )


def test_charts_render_offline_to_svg(kb: KnowledgeBase) -> None:
    from inclucities.figures.render import svg

    image = svg(network_charts.process_chart(kb).wide)
    root = ET.fromstring(image)
    assert root.tag.endswith("svg")
    assert "http://" not in re.sub(r'xmlns(:\w+)?="[^"]+"', "", image) and "https://" not in image


def test_poster_files_exist_and_open_as_images(built_bundled: Path) -> None:
    folder = built_bundled / "_build/html/downloads/posters"
    for name in ("network", "pair-1", "pair-2", "pair-3", "pair-4"):
        svg = (folder / f"{name}.svg").read_text(encoding="utf-8")
        assert ET.fromstring(svg).tag.endswith("svg")
        png = (folder / f"{name}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert width >= 1000 and height >= 800, (name, width, height)
        assert (folder / f"{name}.pdf").read_bytes()[:5] == b"%PDF-"


def test_pair_pages_link_their_poster(built_bundled: Path) -> None:
    page_path = built_bundled / "_build/html/pairs/pair-3.html"
    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in page.select("a.download-file")]
    assert len(links) == 3
    for href in links:
        assert (page_path.parent / href).resolve().is_file(), href


def test_every_chart_in_the_book_has_a_text_alternative_and_a_data_table(built_bundled: Path) -> None:
    site = built_bundled / "_build/html"
    checked = inline = 0
    for path in site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for figure in page.select("figure.inclucities-figure"):  # notebook figures
            assert len(figure.select_one('[role="img"]')["aria-label"]) > 60, path
            assert figure.select_one("svg[aria-hidden=true] title"), (path, "marks have tooltips")
            assert data_table(figure), path
            checked += 1
        for chart in page.select("div.inclucities-chart"):  # charts on generated Markdown pages
            assert len(chart["aria-label"]) > 60, path
            assert chart.select_one("svg[aria-hidden=true] title"), (path, "marks have tooltips")
            table = chart.find_next(class_="admonition")
            assert table and table.select_one("table") and "Data table" in table.get_text(), path
            checked += 1
            inline += 1
        for image in page.select('article img[src$=".svg"]'):  # posters and pictograms
            assert image.has_attr("alt"), (path, image.get("src"))
            if image["alt"] == "" and "one-stop-shop" in path.name + path.parent.name:
                continue  # a decorative category pictogram: the category name is written beside it
            assert len(image["alt"]) > 60, (path, image.get("src"))
            checked += 1
    assert checked >= 40 and inline >= 6  # network, process, and one per action plan


def test_no_page_loads_anything_from_another_host(built_bundled: Path) -> None:
    site = built_bundled / "_build/html"
    remote = re.compile(r"""<(script|img|link|iframe|source|audio|video)\b[^>]*\b(src|href)=["']?(https?:)?//""", re.IGNORECASE)
    for path in list(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert not remote.search(text), (path, remote.search(text))
        assert "unpkg.com" not in text and "cdn.jsdelivr" not in text, path
    for path in list(site.rglob("*.css")):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", path.read_text(encoding="utf-8", errors="replace")), path


def _all_charts(kb: KnowledgeBase) -> dict[str, charts.Responsive]:
    from inclucities.analysis.plans import actions_frame
    from inclucities.analysis.scores import baseline_matrix

    titles = {k: kf.title for k, (_, kf) in kb.key_factors.items()}
    names = {c.id: c.name for c in kb.network.cities}
    scores = pair_scores(kb, "pair-1")
    latest = scores[scores["stage"] == "visit-3"]
    two = {"Brussels": "#0072B2", "Saint-Jean-de-la-Ruelle": "#D55E00"}
    bars = latest.assign(theme_title="Gender-sensitive integration", score=latest["learner"])
    return {
        "gap": charts.gap_dumbbell(latest, "Brussels", "Saint-Jean-de-la-Ruelle", two),
        "progress": charts.progress_lines(scores, "Saint-Jean-de-la-Ruelle", "#D55E00"),
        "heatmap": charts.needs_heatmap(baseline_matrix(kb).dropna(how="all"), names, titles),
        "plan": charts.plan_timeline(actions_frame(kb, "jelgava"), titles),
        "bars": charts.score_bars(bars, "Saint-Jean-de-la-Ruelle", "#D55E00"),
        "diagram": network_charts.diagram_chart(kb),
        "map": network_charts.map_chart(kb),
        "process": network_charts.process_chart(kb),
    }


def test_every_chart_fits_its_column_with_text_of_12_px_or_more(kb: KnowledgeBase) -> None:
    """The wide layout fits the desktop content column (~670 px) and the narrow one a phone's (~340 px), so that
    neither is shrunk; every text is drawn at 12 px or more (11 px on screen even if a browser shrinks it a little)."""
    from inclucities.figures.render import svg

    for name, chart in _all_charts(kb).items():
        for layout, column in (("wide", 670), ("narrow", 342)):
            root = ET.fromstring(svg(getattr(chart, layout)))
            assert float(root.get("width", 0)) <= column, (name, layout, root.get("width"))
            sizes = [float(t.get("font-size", "0").removesuffix("px")) for t in root.iter("{http://www.w3.org/2000/svg}text")]
            assert sizes and min(sizes) >= 12, (name, layout, min(sizes, default=None))


def test_long_labels_wrap_onto_lines_instead_of_being_cut() -> None:
    from inclucities.figures.render import svg

    long_title = "Political leadership that speaks up for diversity and inclusion in every department"
    latest = pd.DataFrame({"key_factor_title": [long_title, "Short"], "mentor": [4, 3], "learner": [1, 3]})
    chart = charts.gap_dumbbell(latest, "A", "B", {"A": "#0072B2", "B": "#D55E00"})
    for image in (svg(chart.wide), svg(chart.narrow)):
        texts = [t.text or "" for t in ET.fromstring(image).iter("{http://www.w3.org/2000/svg}tspan")]
        assert "…" not in image
        assert " ".join(t for t in texts if t and t in long_title) == long_title  # every word, over several lines
    assert charts.wrap(long_title, 20) == [
        "Political leadership",
        "that speaks up for",
        "diversity and",
        "inclusion in every",
        "department",
    ]
    assert charts.wrap("Saint-Jean-de-la-Ruelle", 10) == ["Saint-Jean-de-la-Ruelle"]  # a word is never broken


def test_a_score_of_zero_is_drawn_and_every_bar_says_its_value() -> None:
    from inclucities.figures.render import svg

    latest = pd.DataFrame(
        {
            "theme_title": ["Theme"] * 2,
            "key_factor_title": ["Nothing yet", "Halfway"],
            "score": [0, 2.5],
            "stage": ["baseline"] * 2,
        }
    )
    for image in (svg(charts.score_bars(latest, "X", "#009E73").wide), svg(charts.score_bars(latest, "X", "#009E73").narrow)):
        root = ET.fromstring(image)
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert "0" in texts and "2.5" in texts
        shapes = [
            path.get("d", "") for path in root.iter("{http://www.w3.org/2000/svg}path") if path.get("d", "").startswith("M")
        ]
        drawn = [d for d in shapes if (width := re.match(r"M[-\d.]+,[-\d.]+h([-\d.]+)", d)) and float(width.group(1)) > 0]
        assert len(drawn) >= len(latest) + 1  # the bar of 2.5, and the stub of 0 (its bar has no length), beside the axis


def test_a_chart_with_two_layouts_is_placed_once_with_both() -> None:
    from inclucities.figures.svg import NARROW_CLASS, WIDE_CLASS, labelled_chart, narrow_file

    html = labelled_chart('<svg width="600"></svg>', "A chart of things.", "inclucities-chart", '<svg width="300"></svg>')
    page = BeautifulSoup(html, "html.parser")
    wrapper = page.select_one('[role="img"]')
    assert wrapper["aria-label"] == "A chart of things." and len(page.select('[role="img"]')) == 1
    assert page.select_one(f".{WIDE_CLASS} svg[aria-hidden=true]")["width"] == "600"
    assert page.select_one(f".{NARROW_CLASS} svg[aria-hidden=true]")["width"] == "300"
    assert narrow_file("figures/network-map.svg") == "figures/network-map.narrow.svg"
