"""Charts of the guide: pure functions from tables to Altair charts, in one consistent, colour-blind-safe theme.

Colours come from the Okabe–Ito and Tol colour-blind-safe palettes, keeping only colours with at least 3:1
contrast against white (WCAG 2.1 non-text contrast). A city keeps the same colour in every chart (its position in
the network). Nothing is conveyed by colour alone: marks also differ in shape or carry labels.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypedDict, TypeVar

import altair as alt
import pandas as pd
from altair.utils.schemapi import UndefinedType

from inclucities.figures.geography import Feature
from inclucities.kb.schema.action_plan import ACTION_STATUSES
from inclucities.kb.schema.assessment import STAGES
from inclucities.kb.schema.framework import SCALE_RANGE, SCORES, TOP_SCORE

# The guide renders charts offline at build time, never ships data to a browser to transform: Altair's 5,000-row
# guard (meant for notebooks sending data to a front end) would stop a network of hundreds of cities.
alt.data_transformers.disable_max_rows()

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#994F00", "#332288", "#999933", "#000000"]
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
# Chart text is 12 px or larger: shown at its own size, or barely scaled down, it stays above 11 px on screen.
TEXT_SIZE = 12
TITLE_SIZE = 14
LINE = 15  # px between the lines of a wrapped 12 px label
GAP = 8  # px between two rows of a chart of rows
INK = "#1a1a1a"
# From this score (0-4) on, a cell of the blue and green scales is dark enough for white text (4.5:1 contrast).
DARK_CELL = 3.4
STAGE_LABELS = dict(zip(STAGES, ("Baseline", "Visit 1", "Visit 2", "Visit 3"), strict=True))
STATUS_SHAPES = dict(zip(ACTION_STATUSES, ("circle", "triangle-right", "square", "diamond", "cross"), strict=True))
# A chart drawn by this module, styled or composed whole: a single view, layers, or a faceted chart.
Drawn = TypeVar("Drawn", alt.Chart, alt.LayerChart, alt.FacetChart, alt.ConcatChart)


class Tip(TypedDict):
    """The encodings that show a mark's `hover` column (see `tip`)."""

    description: str
    tooltip: alt.Tooltip


class CityMarks(Tip):
    """The encodings that draw a city (see `city_marks`)."""

    color: alt.Color
    shape: alt.Shape


def city_colours(city_ids: Sequence[str]) -> dict[str, str]:
    """The same colour for the same city everywhere: by the city's position in the network."""
    return {city: PALETTE[i % len(PALETTE)] for i, city in enumerate(city_ids)}


def hover(frame: pd.DataFrame, *fields: tuple[str, str, str]) -> pd.DataFrame:
    """`frame` with a `hover` column, "Title: value; …" for each (title, column, format) in `fields`.

    Encoded as a mark's description, it becomes each mark's label in the SVG, which `render` turns into a native
    tooltip (an SVG `<title>`): hovering works in a static image, with no script and offline.
    """
    parts = [
        title + ": " + frame[column].map(lambda value, fmt=fmt: "—" if pd.isna(value) else format(value, fmt))
        for title, column, fmt in fields
    ]
    # pandas documents a list of Series as `others`; pandas-stubs leave that form out, hence the ignore
    joined = parts[0].str.cat(parts[1:], sep="; ") if len(parts) > 1 else parts[0]  # type: ignore[arg-type]
    return frame.assign(hover=joined)


def tip() -> Tip:
    """The encodings that show the `hover` column on hover (see `hover`); the tooltip serves live Vega views."""
    return {"description": "hover:N", "tooltip": alt.Tooltip("hover:N", title=None)}


def layered(*layers: alt.Chart | alt.LayerChart, data: pd.DataFrame | UndefinedType = alt.Undefined) -> alt.LayerChart:
    """`alt.layer` of charts without facet channels, which is always a LayerChart (it only facets layers sharing one)."""
    chart = alt.layer(*layers, data=data)
    assert isinstance(chart, alt.LayerChart)
    return chart


@dataclass(frozen=True)
class Layout:
    """How a chart is laid out for the width it is shown at: the content column of a desktop page, or a phone.

    Sizes are CSS px: the guide shows a chart at its own size (never scaled up), so a 12 px label reads as 12 px.
    """

    name: Literal["wide", "narrow"]
    width: int  # the chart's drawing area, row labels included (Vega adds its padding around it)
    label_width: int  # the column of row labels on the left; 0: each row's label is written above it
    label_chars: int  # row labels wrap at this many characters

    @property
    def labels_above(self) -> bool:
        return self.label_width == 0

    @property
    def plot(self) -> list[int]:
        """The horizontal pixel range of the marks: right of the labels, short of the edge for a value's text."""
        return [self.label_width, self.width - 34]


# The guide's content column is about 670-740 px wide on a desktop and 310-360 px on a phone (charts.css switches
# between the two below 720 px); each chart stays inside it with Vega's padding.
WIDE = Layout("wide", 650, 230, 32)
NARROW = Layout("narrow", 320, 0, 44)
LAYOUTS = (WIDE, NARROW)


@dataclass(frozen=True)
class Responsive(Generic[Drawn]):
    """A chart drawn for both layouts; the page shows the one that fits (see `inclucities.figures.svg`)."""

    wide: Drawn
    narrow: Drawn


def responsive(draw: Callable[[Layout], Drawn]) -> Responsive[Drawn]:
    return Responsive(draw(WIDE), draw(NARROW))


def wrap(text: str, chars: int) -> list[str]:
    """`text` on lines of at most `chars` characters, broken between words (a longer word keeps its own line)."""
    return textwrap.wrap(" ".join(str(text).split()), chars, break_long_words=False, break_on_hyphens=False) or [""]


def wrapped_labels(labels: Iterable[str], chars: int) -> str:
    """A Vega expression writing each of `labels` (an axis's or legend's) on lines of at most `chars` characters."""
    table = {label: wrap(label, chars) for label in labels}
    return f"{json.dumps(table)}[datum.label] || datum.label"


def title_lines(title: str, layout: Layout) -> list[str]:
    return wrap(title, int(layout.width / (TITLE_SIZE * 0.62)))


def styled(chart: Drawn, title: str, layout: Layout) -> Drawn:
    # Labels are wrapped before they are drawn, never cut with "…": the limits only guard against a runaway label.
    return (
        chart.properties(title=alt.Title(title_lines(title, layout), anchor="start", fontSize=TITLE_SIZE, font=FONT))
        .configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=TEXT_SIZE, titleFontSize=TEXT_SIZE, labelLimit=1000)
        .configure_legend(
            labelFont=FONT, titleFont=FONT, labelFontSize=TEXT_SIZE, titleFontSize=TEXT_SIZE, orient="bottom", labelLimit=1000
        )
        .configure_header(labelFont=FONT, titleFont=FONT, labelFontSize=TEXT_SIZE, titleFontSize=TEXT_SIZE)
        .configure_view(stroke=None)
    )


class Row(TypedDict):
    key: str  # the label as the data names it
    heading: bool  # a heading over the rows that follow (a theme, a key factor, a step), or a row of marks


def rows(labels: Sequence[tuple[str, bool]], layout: Layout, band: int) -> tuple[pd.DataFrame, int]:
    """Where each row of a chart of rows goes, in px from the top, and the chart's height.

    `labels` are (label, is a heading) in order. A row's marks are `band` px high and centred on its `y`; its label
    (wrapped, as `lines`) is right-aligned beside them in the wide layout and written above them in the narrow one.
    A heading takes the full width on its own lines. Laying the rows out here, rather than on a band scale, gives
    each row the height its label needs, so long labels wrap instead of being cut.
    """
    top = 0.0
    records = []
    for key, heading in labels:
        if heading:
            lines = wrap(key, int(layout.width / (TEXT_SIZE * 0.66)))
            records.append({"key": key, "heading": True, "lines": lines, "label_y": top + 4, "y": top + 4})
            top += len(lines) * LINE + 8
            continue
        lines = wrap(key, layout.label_chars)
        if layout.labels_above:
            middle = top + len(lines) * LINE + 2 + band / 2
            records.append({"key": key, "heading": False, "lines": lines, "label_y": top, "y": middle})
            top = middle + band / 2 + GAP
        else:
            height = max(len(lines) * LINE, band)
            middle = top + height / 2
            # the label's first line starts where the block of its lines, centred on the marks, starts
            records.append({"key": key, "heading": False, "lines": lines, "label_y": middle - len(lines) * LINE / 2 + 1, "y": middle})
            top += height + GAP
    return pd.DataFrame(records, columns=["key", "heading", "lines", "label_y", "y"]), int(top)


def row_y(height: int) -> alt.Y:
    """The vertical position of a chart of rows: px from the top, as `rows` computed them."""
    return alt.Y("y:Q", scale=alt.Scale(domain=[0, max(height, 1)], range=[0, max(height, 1)]), axis=None)


def row_labels(frame: pd.DataFrame, layout: Layout, height: int) -> list[alt.Chart]:
    """The text of the rows and headings laid out by `rows`."""
    y = alt.Y("label_y:Q", scale=alt.Scale(domain=[0, max(height, 1)], range=[0, max(height, 1)]), axis=None)
    labels = frame[~frame["heading"]]
    headings = frame[frame["heading"]]
    drawn = []
    if not labels.empty:
        align: Literal["left", "right"] = "left" if layout.labels_above else "right"
        drawn.append(
            alt.Chart(labels)
            .mark_text(
                align=align,
                baseline="top",
                fontSize=TEXT_SIZE,
                lineHeight=LINE,
                font=FONT,
                color=INK,
                aria=False,
            )
            .encode(x=alt.value(0 if layout.labels_above else layout.label_width - 10), y=y, text="lines:N")
        )
    if not headings.empty:
        drawn.append(
            alt.Chart(headings)
            .mark_text(align="left", baseline="top", fontSize=TEXT_SIZE, fontWeight="bold", lineHeight=LINE, font=FONT, color=INK, aria=False)
            .encode(x=alt.value(0), y=y, text="lines:N")
        )
    return drawn


def gap_dumbbell(latest: pd.DataFrame, mentor: str, learner: str, colours: dict[str, str]) -> Responsive[alt.LayerChart]:
    """Mentor and learner score on each key factor (latest stage), joined by a line: the gap.

    `latest` has columns key_factor_title, mentor, learner.
    """

    def draw(layout: Layout) -> alt.LayerChart:
        placed, height = rows([(title, False) for title in latest["key_factor_title"]], layout, band=16)
        at = dict(zip(placed["key"], placed["y"], strict=True))
        both = latest.assign(y=latest["key_factor_title"].map(at))
        long = both.melt(id_vars=["key_factor_title", "y"], value_vars=["mentor", "learner"], var_name="role", value_name="score")
        long["city"] = long["role"].map({"mentor": mentor, "learner": learner})
        long = hover(long, ("City", "city", ""), ("Key factor", "key_factor_title", ""), ("Score", "score", "g"))
        x_scale = alt.Scale(domain=[SCORES[0], TOP_SCORE], range=layout.plot)
        x_title = wrap(f"Self-assessment score ({SCALE_RANGE})", 40)
        line = alt.Chart(both).mark_rule(color="#666", strokeWidth=2, aria=False).encode(
            y=row_y(height), x=alt.X("learner:Q", scale=x_scale), x2="mentor:Q"
        )
        points = (
            alt.Chart(long)
            .mark_point(size=140, filled=True, opacity=1)
            .encode(
                y=row_y(height),
                x=alt.X("score:Q", title=x_title, scale=x_scale, axis=alt.Axis(tickCount=5)),
                color=alt.Color(
                    "city:N", title=None, scale=alt.Scale(domain=[mentor, learner], range=[colours[mentor], colours[learner]])
                ),
                shape=alt.Shape("city:N", title=None, scale=alt.Scale(domain=[mentor, learner], range=["circle", "square"])),
                **tip(),
            )
        )
        chart = layered(*row_labels(placed, layout, height), line, points).properties(width=layout.width, height=height)
        return styled(chart, "Gap between mentor and learner", layout)

    return responsive(draw)


def progress_lines(scores: pd.DataFrame, learner: str, colour: str) -> Responsive[alt.ConcatChart]:
    """The learner's score on each key factor over the stages, one small panel per key factor."""
    data = hover(
        scores.assign(stage_label=scores["stage"].map(STAGE_LABELS)),
        ("Key factor", "key_factor_title", ""),
        ("Stage", "stage_label", ""),
        (learner, "learner", "g"),
        ("Mentor", "mentor", "g"),
    )
    factors = list(dict.fromkeys(data["key_factor_title"]))

    def draw(layout: Layout) -> alt.ConcatChart:
        columns = 3 if layout is WIDE else 1
        panel = (layout.width - 50 * columns) // columns
        chars = int(panel / (TEXT_SIZE * 0.62)) + 6  # a panel's title may reach over its y axis
        depth = max(len(wrap(title, chars)) for title in factors) if factors else 1
        panels = []
        for title in factors:
            lines = wrap(title, chars)
            base = alt.Chart(data[data["key_factor_title"] == title]).encode(
                x=alt.X(
                    "stage_label:N",
                    title=None,
                    sort=list(STAGE_LABELS.values()),
                    scale=alt.Scale(domain=list(STAGE_LABELS.values())),
                    axis=alt.Axis(labelAngle=-40 if layout is WIDE else 0),
                ),
                y=alt.Y("learner:Q", title="Score", scale=alt.Scale(domain=[SCORES[0], TOP_SCORE]), axis=alt.Axis(tickCount=5)),
                **tip(),
            )
            lines_layer = layered(base.mark_line(color=colour, strokeWidth=2.5), base.mark_point(color=colour, filled=True, size=60))
            mentor = base.mark_line(color="#666", strokeDash=[4, 3]).encode(y="mentor:Q")
            # every title of a row of panels takes as many lines, so that the panels line up
            heading = alt.Title(lines + [" "] * (depth - len(lines)), anchor="start", fontSize=TEXT_SIZE, font=FONT, fontWeight="bold")
            panels.append(layered(mentor, lines_layer).properties(width=panel, height=110, title=heading))
        chart = alt.concat(*panels, columns=columns, spacing=20)
        return styled(chart, f"Progress of {learner} over the study visits (dashed: mentor)", layout)

    return responsive(draw)


def needs_heatmap(matrix: pd.DataFrame, city_names: dict[str, str], factor_titles: dict[str, str]) -> Responsive[alt.LayerChart]:
    """Baseline scores, key factor × city, with the score written in every cell."""
    long = matrix.reset_index(names="city").melt(id_vars="city", var_name="key_factor", value_name="score").dropna()
    long["city_name"] = long["city"].map(city_names)
    long["key_factor_title"] = long["key_factor"].map(factor_titles)
    long = hover(long, ("City", "city_name", ""), ("Key factor", "key_factor_title", ""), ("Baseline score", "score", "g"))
    cities = [city_names[c] for c in matrix.index]

    def draw(layout: Layout) -> alt.LayerChart:
        band = 26
        placed, height = rows([(factor_titles[k], False) for k in matrix.columns], layout, band=band)
        at = dict(zip(placed["key"], placed["y"], strict=True))
        cells_data = long.assign(top=long["key_factor_title"].map(at) - band / 2, bottom=long["key_factor_title"].map(at) + band / 2)
        cells_data["y"] = cells_data["top"] + band / 2
        left, right = layout.label_width, layout.label_width + min(layout.plot[1] - layout.label_width, 56 * len(cities))
        x = alt.X(
            "city_name:N",
            title=None,
            sort=cities,
            scale=alt.Scale(domain=cities, range=[left, right], paddingInner=0.06),
            axis=alt.Axis(orient="top", labelAngle=-45, labelAlign="left", domain=False, ticks=False),
        )
        y_scale = alt.Scale(domain=[0, max(height, 1)], range=[0, max(height, 1)])
        cells = (
            alt.Chart(cells_data)
            .mark_rect()
            .encode(
                x=x,
                y=alt.Y("top:Q", scale=y_scale, axis=None),
                y2="bottom:Q",
                color=alt.Color(
                    "score:Q", title="Score", scale=alt.Scale(scheme="blues", domain=[SCORES[0], TOP_SCORE]), legend=alt.Legend(gradientLength=200)
                ),
                **tip(),
            )
        )
        # white only on the darkest cells, where it keeps 4.5:1 contrast; black reads on all the others
        labels = (
            alt.Chart(cells_data)
            .mark_text(fontSize=TEXT_SIZE, font=FONT, aria=False)
            .encode(
                x=x, y=row_y(height), text="score:Q", color=alt.condition(f"datum.score >= {DARK_CELL:g}", alt.value("white"), alt.value("black"))
            )
        )
        chart = layered(*row_labels(placed, layout, height), cells, labels).properties(width=layout.width, height=height)
        return styled(chart, "Needs assessment at the baseline", layout)

    return responsive(draw)


def matching_matrix(
    pairs: pd.DataFrame, chosen: set[tuple[str, str]], actual: set[tuple[str, str]], names: dict[str, str]
) -> Responsive[alt.LayerChart]:
    """Compatibility of every mentor with every learner; the computed assignment boxed, actual pairs starred."""
    data = pairs.assign(
        mentor_name=pairs["mentor"].map(names),
        learner_name=pairs["learner"].map(names),
        chosen=[(m, learner) in chosen for m, learner in zip(pairs["mentor"], pairs["learner"], strict=True)],
        actual=[(m, learner) in actual for m, learner in zip(pairs["mentor"], pairs["learner"], strict=True)],
    )
    data["label"] = data["compatibility"].map("{:.2f}".format) + data["actual"].map({True: " ★", False: ""})
    data["pair_note"] = [
        "computed and actual pair" if c and a else "computed pair" if c else "actual pair" if a else "—"
        for c, a in zip(data["chosen"], data["actual"], strict=True)
    ]
    data = hover(
        data,
        ("Mentor", "mentor_name", ""),
        ("Learner", "learner_name", ""),
        ("Best theme", "best_theme", ""),
        ("Compatibility", "compatibility", ".2f"),
        ("Pair", "pair_note", ""),
    )
    learners = max(int(data["learner"].nunique()), 1)
    mentors = list(dict.fromkeys(data["mentor_name"]))

    def draw(layout: Layout) -> alt.LayerChart:
        # mentors' names on lines of 10 characters on a phone, to leave the cells room for their numbers
        chars = 40 if layout is WIDE else 10
        mentor_width = int(max((len(line) for n in mentors for line in wrap(n, chars)), default=8) * TEXT_SIZE * 0.62) + 40
        # as wide as the layout allows, at most 120 px a cell; a large network stays a readable grid of colours
        step = max(12, min(120, (layout.width - mentor_width) // learners))
        longest = max((len(str(n)) for n in data["learner_name"]), default=0) * TEXT_SIZE * 0.62
        x = alt.X(
            "learner_name:N",
            title="Learner",
            axis=alt.Axis(labelAngle=0 if longest <= step - 8 else -45, labelAlign="center" if longest <= step - 8 else "right"),
        )
        y = alt.Y("mentor_name:N", title="Mentor", axis=alt.Axis(labelExpr=wrapped_labels(mentors, chars), labelLineHeight=LINE))
        cells = (
            alt.Chart(data)
            .mark_rect()
            .encode(
                x=x,
                y=y,
                color=alt.Color(
                    "compatibility:Q", title="Compatibility", scale=alt.Scale(scheme="greens", domain=[SCORES[0], TOP_SCORE])
                ),
                **tip(),
            )
        )
        boxes = alt.Chart(data[data["chosen"]]).mark_rect(fill=None, stroke="black", strokeWidth=3, aria=False).encode(x=x, y=y)
        labels = alt.Chart(data).mark_text(fontSize=TEXT_SIZE, font=FONT, aria=False).encode(
            x=x, y=y, text="label:N", color=alt.condition(f"datum.compatibility >= {DARK_CELL:g}", alt.value("white"), alt.value("black"))
        )
        numbered = step >= 46  # "2.75 ★" fits; smaller cells leave their numbers to the data table
        layers = [cells, boxes] + ([labels] if numbered else [])
        chart = layered(*layers).properties(width=alt.Step(step), height=alt.Step(40 if numbered else step))
        return styled(chart, "Mentor–learner compatibility (boxed: computed assignment; ★: actual pair)", layout)

    return responsive(draw)


def distribution_strip(
    deciles: dict[str, float], cities: pd.DataFrame, indicator: str, unit: str, colours: dict[str, str]
) -> Responsive[alt.LayerChart]:
    """European cities' deciles as a band (10–90 %) with the median, and the network's cities marked.

    `cities` has columns city, name, value.
    """
    band = pd.DataFrame(
        [
            {
                "low": deciles["p10"],
                "high": deciles["p90"],
                "q1": deciles["p30"],
                "q3": deciles["p70"],
                "median": deciles["p50"],
                "y": 0,
            }
        ]
    )
    outer = hover(band, ("European cities, 10th percentile", "low", "g"), ("90th percentile", "high", "g"))
    inner = hover(band, ("European cities, 30th percentile", "q1", "g"), ("70th percentile", "q3", "g"))
    middle = hover(band, ("European cities, median", "median", "g"))
    marked = hover(cities, ("City", "name", ""), (f"{indicator} ({unit})", "value", ",g"))

    def draw(layout: Layout) -> alt.LayerChart:
        x_title = wrap(f"{indicator} ({unit})", int(layout.width / (TEXT_SIZE * 0.62)))
        axis = alt.Axis(tickCount=8 if layout is WIDE else 4, labelFlush=True)
        outer_bar = (
            alt.Chart(outer).mark_bar(height=18, color="#d9d9d9").encode(x=alt.X("low:Q", title=x_title, axis=axis), x2="high:Q", **tip())
        )
        inner_bar = alt.Chart(inner).mark_bar(height=18, color="#a6a6a6").encode(x="q1:Q", x2="q3:Q", **tip())
        median = alt.Chart(middle).mark_tick(color="black", thickness=2, size=24).encode(x="median:Q", **tip())
        marks = (
            alt.Chart(marked)
            .mark_point(filled=True, size=120, shape="triangle-down", yOffset=-18)
            .encode(
                x="value:Q",
                color=alt.Color(
                    "name:N",
                    title=None,
                    scale=alt.Scale(domain=list(cities["name"]), range=[colours[c] for c in cities["city"]]),
                    legend=alt.Legend(columns=1 if layout is NARROW else 4),
                ),
                **tip(),
            )
        )
        chart = layered(outer_bar, inner_bar, median, marks).properties(width=layout.width - 20, height=60)
        return styled(chart, f"{indicator}: the network among European cities", layout)

    return responsive(draw)


def plan_timeline(actions: pd.DataFrame, factor_titles: dict[str, str]) -> Responsive[alt.LayerChart]:
    """Actions as bars over months, under the key factor they serve, with their status as the end marker's shape."""
    data = actions.assign(
        start_date=pd.to_datetime(actions["start"].astype(str), format="mixed"),
        end_date=pd.to_datetime(actions["end"].astype(str), format="mixed"),
        key_factor_title=actions["key_factor"].map(lambda k: factor_titles.get(k, k)),
    )
    data = hover(
        data,
        ("Action", "title", ""),
        ("Key factor", "key_factor_title", ""),
        ("From", "start", ""),
        ("To", "end", ""),
        ("Status", "status", ""),
    )
    data = data.sort_values(["start_date", "title"], kind="stable")
    factors = list(dict.fromkeys(data["key_factor_title"]))
    colours = dict(zip(factors, (PALETTE[i % len(PALETTE)] for i in range(len(factors))), strict=True))
    # grouped under their key factor (the colour says it again): no legend of long titles beside the chart
    order = [row for factor in factors for row in data[data["key_factor_title"] == factor].itertuples()]

    def draw(layout: Layout) -> alt.LayerChart:
        labels = []
        for factor in factors:
            labels.append((factor, True))
            labels += [(str(row.title), False) for row in order if row.key_factor_title == factor]
        placed, height = rows(labels, layout, band=14)
        ys = list(placed.loc[~placed["heading"], "y"])
        placed_data = pd.DataFrame(order).drop(columns=["Index"]).assign(y=ys)
        x_scale = alt.Scale(type="time", range=layout.plot, nice=False)
        colour = alt.Color("key_factor_title:N", legend=None, scale=alt.Scale(domain=factors, range=[colours[f] for f in factors]))
        bars = (
            alt.Chart(placed_data)
            .mark_bar(height=14, orient="horizontal")
            .encode(
                x=alt.X(
                    "start_date:T",
                    title=None,
                    scale=x_scale,
                    axis=alt.Axis(format="%b %Y", tickCount=6 if layout is WIDE else 3, labelFlush=True, labelOverlap=True),
                ),
                x2="end_date:T",
                y=row_y(height),
                color=colour,
                **tip(),
            )
        )
        status = (
            alt.Chart(placed_data)
            .mark_point(filled=True, size=90, color="black")
            .encode(
                x="end_date:T",
                y=row_y(height),
                shape=alt.Shape(
                    "status:N",
                    title="Status",
                    scale=alt.Scale(domain=list(STATUS_SHAPES), range=list(STATUS_SHAPES.values())),
                    legend=alt.Legend(columns=3 if layout is NARROW else 5),
                ),
                **tip(),
            )
        )
        chart = layered(*row_labels(placed, layout, height), bars, status).properties(width=layout.width, height=height)
        return styled(chart, "Action plan timeline", layout)

    return responsive(draw)


def score_bars(latest: pd.DataFrame, city: str, colour: str) -> Responsive[alt.LayerChart]:
    """A city's latest score on each key factor, grouped under its theme, the value written beside each bar.

    `latest` has columns theme_title, key_factor_title, score, stage.
    """
    data = hover(latest, ("Key factor", "key_factor_title", ""), ("Score", "score", "g"), ("Stage", "stage", ""))
    themes = list(dict.fromkeys(data["theme_title"]))

    def draw(layout: Layout) -> alt.LayerChart:
        labels: list[tuple[str, bool]] = []
        order = []
        for theme in themes:
            labels.append((theme, True))
            in_theme = data[data["theme_title"] == theme]
            labels += [(str(title), False) for title in in_theme["key_factor_title"]]
            order.append(in_theme)
        placed, height = rows(labels, layout, band=16)
        bars_data = pd.concat(order).assign(y=list(placed.loc[~placed["heading"], "y"])) if order else data.assign(y=0)
        x_scale = alt.Scale(domain=[SCORES[0], TOP_SCORE], range=layout.plot)
        x = alt.X("score:Q", title=f"Latest score ({SCALE_RANGE})", scale=x_scale, axis=alt.Axis(tickCount=5))
        bars = alt.Chart(bars_data).mark_bar(height=16, color=colour, orient="horizontal").encode(x=x, y=row_y(height), **tip())
        # a score of 0 has no length: a stub at the axis shows the bar is there, its value says 0
        stubs = alt.Chart(bars_data).mark_tick(size=16, thickness=3, color=colour, aria=False).encode(x="score:Q", y=row_y(height))
        stubs = stubs.transform_filter("datum.score == 0")
        values = (
            alt.Chart(bars_data)
            .mark_text(align="left", dx=5, fontSize=TEXT_SIZE, font=FONT, color=INK, aria=False)
            .encode(x="score:Q", y=row_y(height), text=alt.Text("score:Q", format="~g"))
        )
        chart = layered(*row_labels(placed, layout, height), bars, stubs, values).properties(width=layout.width, height=height)
        return styled(chart, f"{city}: latest self-assessment", layout)

    return responsive(draw)


def process_timeline(milestones: pd.DataFrame, steps: pd.DataFrame) -> Responsive[alt.LayerChart]:
    """The seven steps of the method as headings, with the network's dated milestones under their step.

    `steps` has columns number, title; `milestones` has title, start_date, end_date, step (empty: after the steps).
    """
    order = [f"{n}. {t}" for n, t in zip(steps["number"], steps["title"], strict=True)] + ["Afterwards"]
    named = dict(zip(steps["number"], order, strict=False))
    data = milestones.assign(
        row=milestones["step"].map(lambda s: named.get(int(s), "Afterwards") if pd.notna(s) else "Afterwards")
    )
    data = hover(data, ("Milestone", "title", ""), ("Step", "row", ""), ("From", "start", ""), ("To", "end", ""))
    grouped = pd.concat([data[data["row"] == step].sort_values("start_date", kind="stable") for step in order])

    def draw(layout: Layout) -> alt.LayerChart:
        labels: list[tuple[str, bool]] = []
        for step in order:
            labels.append((step, True))
            labels += [(str(title), False) for title in grouped.loc[grouped["row"] == step, "title"]]
        placed, height = rows(labels, layout, band=12)
        placed_data = grouped.assign(y=list(placed.loc[~placed["heading"], "y"]))
        x = alt.X(
            "start_date:T",
            title=None,
            scale=alt.Scale(type="time", range=layout.plot, nice=False),
            axis=alt.Axis(format="%b %Y", tickCount=8 if layout is WIDE else 3, labelFlush=True, labelOverlap=True),
        )
        spans = alt.Chart(placed_data).mark_bar(height=12, color=PALETTE[0], orient="horizontal").encode(
            x=x, x2="end_date:T", y=row_y(height), **tip()
        )
        chart = layered(*row_labels(placed, layout, height), spans).properties(width=layout.width, height=height)
        return styled(chart, "The seven steps of the method and the network's timeline", layout)

    return responsive(draw)


def city_marks(colours: dict[str, str]) -> CityMarks:
    """How a city is drawn in the network's diagram and map: its own colour, its role as the shape, a tooltip."""
    return {
        "color": alt.Color("id:N", scale=alt.Scale(domain=list(colours), range=list(colours.values())), legend=None),
        "shape": alt.Shape("role:N", title="Role", scale=alt.Scale(domain=["mentor", "learner"], range=["circle", "square"])),
        **tip(),
    }


def network_diagram(cities: pd.DataFrame, pairs: pd.DataFrame, colours: dict[str, str]) -> Responsive[alt.LayerChart]:
    """Each pair: mentor and learner joined by a line labelled with its theme.

    Wide: mentors on the left, learners on the right, a row per pair. Narrow: each pair stacked, the mentor above
    the learner. `cities` has id, label, role, row; `pairs` has mentor_row, learner_row, theme_title.
    """
    points = hover(cities, ("City", "label", ""), ("Role", "role", ""))

    def wide(layout: Layout) -> alt.LayerChart:
        placed = points.assign(x=points["role"].map({"mentor": 0, "learner": 1}))
        scale_x = alt.Scale(domain=[-1.2, 2.2])
        scale_y = alt.Scale(domain=[-0.6, max(placed["row"].max(), 0) + 0.6], reverse=True)
        lines = (
            alt.Chart(pairs.assign(x0=0, x1=1))
            .mark_rule(strokeWidth=2, color="#666", aria=False)
            .encode(x=alt.X("x0:Q", scale=scale_x, axis=None), x2="x1:Q", y=alt.Y("mentor_row:Q", scale=scale_y, axis=None), y2="learner_row:Q")
        )
        themes = (
            alt.Chart(pairs.assign(x=0.5, y=(pairs["mentor_row"] + pairs["learner_row"]) / 2))
            .mark_text(fontSize=TEXT_SIZE, font=FONT, dy=-10, color="#333", fontStyle="italic", aria=False)
            .encode(x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("y:Q", scale=scale_y, axis=None), text="theme_title:N")
        )
        dots = (
            alt.Chart(placed)
            .mark_point(filled=True, size=220, opacity=1)
            .encode(x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("row:Q", scale=scale_y, axis=None), **city_marks(colours))
        )
        sides: tuple[tuple[str, Literal["left", "right"], int], ...] = (("mentor", "right", -14), ("learner", "left", 14))
        names = [
            alt.Chart(placed[placed["role"] == role])
            .mark_text(fontSize=TEXT_SIZE, font=FONT, align=align, dx=dx, color=INK, aria=False)
            .encode(x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("row:Q", scale=scale_y, axis=None), text="label:N")
            for role, align, dx in sides
        ]
        height = max(60, 56 * (int(placed["row"].max()) + 1)) if len(placed) else 60
        return layered(lines, themes, dots, *names).properties(width=layout.width, height=height)

    def narrow(layout: Layout) -> alt.LayerChart:
        # a block of three lines per pair (mentor, theme, learner), then the cities without a pair
        records: list[dict[str, object]] = points.to_dict("records")  # type: ignore[assignment]
        by_place = {(record["role"], record["row"]): record for record in records}
        placed_rows: list[dict[str, object]] = []
        links = []
        line = 0.0
        for pair in pairs.to_dict("records"):
            mentor, learner = by_place.get(("mentor", pair["mentor_row"])), by_place.get(("learner", pair["learner_row"]))
            if mentor is None or learner is None:
                continue
            placed_rows += [{**mentor, "y": line}, {**learner, "y": line + 2}]
            links.append({"y": line, "y2": line + 2, "theme": wrap(str(pair["theme_title"]), 34), "theme_y": line + 1})
            line += 3.4
        paired = {(row["role"], row["row"]) for row in placed_rows}
        for record in records:
            if (record["role"], record["row"]) not in paired:
                placed_rows.append({**record, "y": line})
                line += 1.2
        placed = pd.DataFrame(placed_rows) if placed_rows else points.assign(y=0)
        bottom = max(line - 0.4, 1)
        scale_y = alt.Scale(domain=[-0.6, bottom], reverse=True)
        joins = pd.DataFrame(links, columns=["y", "y2", "theme", "theme_y"])
        rules = alt.Chart(joins).mark_rule(strokeWidth=2, color="#666", aria=False).encode(
            x=alt.value(12), y=alt.Y("y:Q", scale=scale_y, axis=None), y2="y2:Q"
        )
        themes = alt.Chart(joins).mark_text(
            align="left", baseline="middle", fontSize=TEXT_SIZE, lineHeight=LINE, font=FONT, color="#333", fontStyle="italic", aria=False
        ).encode(x=alt.value(30), y=alt.Y("theme_y:Q", scale=scale_y, axis=None), text="theme:N")
        dots = alt.Chart(placed).mark_point(filled=True, size=220, opacity=1).encode(
            x=alt.value(12), y=alt.Y("y:Q", scale=scale_y, axis=None), **city_marks(colours)
        )
        names = alt.Chart(placed).mark_text(align="left", baseline="middle", fontSize=TEXT_SIZE, font=FONT, color=INK, aria=False).encode(
            x=alt.value(30), y=alt.Y("y:Q", scale=scale_y, axis=None), text="label:N"
        )
        return layered(rules, themes, dots, names).properties(width=layout.width, height=int(bottom * 24) + 30)

    title = "The network's pairs: mentors (circles) → learners (squares)"
    return Responsive(styled(wide(WIDE), title, WIDE), styled(narrow(NARROW), title, NARROW))


def network_map(
    countries: dict[str, object], cities: pd.DataFrame, pairs: pd.DataFrame, view: Feature, colours: dict[str, str]
) -> Responsive[alt.LayerChart]:
    """The cities on a map of Europe, a line from each mentor to its learner.

    `countries` is a GeoJSON FeatureCollection; `view` a GeoJSON feature the projection fits (see
    `geography.view`). `cities` has id, label, role, lat, lon, details and stack (the line of its label when
    several cities share a place); `pairs` has label, theme_title, distance_km and mentor_/learner_ lat, lon.
    """
    lon, lat = (sum(corner[i] for corner in view["geometry"]["coordinates"]) / 4 for i in (0, 1))
    projection = alt.Projection(type="azimuthalEqualArea", rotate=[-lon, -lat, 0], fit=view)

    def draw(layout: Layout) -> alt.LayerChart:
        land = alt.Chart(alt.Data(values=countries, format=alt.DataFormat(property="features"))).mark_geoshape(
            fill="#eceff1", stroke="#8a949c", strokeWidth=0.6, clip=True, aria=False
        )
        lines = (
            alt.Chart(hover(pairs, ("Pair", "label", ""), ("Theme", "theme_title", ""), ("Distance (km)", "distance_km", ",.0f")))
            .mark_rule(strokeWidth=2.5, color="#555", opacity=0.8)
            .encode(longitude="mentor_lon:Q", latitude="mentor_lat:Q", longitude2="learner_lon:Q", latitude2="learner_lat:Q", **tip())
        )
        dots = (
            alt.Chart(hover(cities, ("City", "label", ""), ("Role", "role", ""), ("Paired with", "details", "")))
            .mark_point(filled=True, size=150, opacity=1, stroke="white", strokeWidth=1)
            .encode(longitude="lon:Q", latitude="lat:Q", **city_marks(colours))
        )
        names = []
        for stack in sorted(cities["stack"].unique()):
            placed = cities[cities["stack"] == stack]
            for halo in (True, False):  # a white outline under each name keeps it legible over borders and lines
                names.append(
                    alt.Chart(placed)
                    .mark_text(
                        align="left",
                        dx=9,
                        # names of one place stacked downwards; on the small map upwards, clear of the cities south
                        dy=(15 if layout is WIDE else -15) * int(stack),
                        fontSize=TEXT_SIZE,
                        font=FONT,
                        aria=False,
                        **({"stroke": "white", "strokeWidth": 3, "strokeJoin": "round"} if halo else {"color": INK}),
                    )
                    .encode(longitude="anchor_lon:Q", latitude="anchor_lat:Q", text="label:N")
                )
        # the narrow map keeps room on the right for the names of the easternmost cities
        size = (layout.width, 460) if layout is WIDE else (layout.width - 60, 340)
        chart = layered(land, lines, dots, *names).properties(projection=projection, width=size[0], height=size[1])
        return styled(chart, "Where the cities are: mentors (circles), learners (squares)", layout)

    return responsive(draw)


def unconfigured(chart: Drawn) -> Drawn:
    """A copy of a chart without its top-level configuration, so that it can be composed into a larger one."""
    copy = chart.copy(deep=True)
    copy.config = alt.Undefined
    return copy


def text_block(
    lines: Sequence[str],
    *,
    size: int = 13,
    weight: Literal["normal", "bold"] = "normal",
    width: int = WIDE.width,
    colour: str = "#1a1a1a",
) -> alt.Chart:
    """Lines of text as a chart, for posters (Vega-Lite has no paragraph mark)."""
    data = pd.DataFrame({"line": list(lines), "order": range(len(lines))})
    return (
        alt.Chart(data)
        .mark_text(align="left", baseline="top", fontSize=size, fontWeight=weight, font=FONT, color=colour)
        .encode(x=alt.value(0), y=alt.Y("order:O", axis=None), text="line:N")
        .properties(width=width, height=max(1, len(lines)) * int(size * 1.45))
    )
