"""Charts of the guide: pure functions from tables to Altair charts, in one consistent, colour-blind-safe theme.

Colours come from the Okabe–Ito and Tol colour-blind-safe palettes, keeping only colours with at least 3:1
contrast against white (WCAG 2.1 non-text contrast). A city keeps the same colour in every chart (its position in
the network). Nothing is conveyed by colour alone: marks also differ in shape or carry labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypedDict, TypeVar

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
WIDTH = 560
STAGE_LABELS = dict(zip(STAGES, ("Baseline", "Visit 1", "Visit 2", "Visit 3"), strict=True))
STATUS_SHAPES = dict(zip(ACTION_STATUSES, ("circle", "triangle-right", "square", "diamond", "cross"), strict=True))
# A chart drawn by this module, styled or composed whole: a single view, layers, or a faceted chart.
Drawn = TypeVar("Drawn", alt.Chart, alt.LayerChart, alt.FacetChart)


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


def styled(chart: Drawn, title: str) -> Drawn:
    return (
        chart.properties(title=alt.Title(title, anchor="start", fontSize=14, font=FONT, limit=WIDTH))
        .configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=12, labelLimit=260)
        .configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=12, orient="bottom")
        .configure_view(stroke=None)
    )


def gap_dumbbell(latest: pd.DataFrame, mentor: str, learner: str, colours: dict[str, str]) -> alt.LayerChart:
    """Mentor and learner score on each key factor (latest stage), joined by a line: the gap.

    `latest` has columns key_factor_title, mentor, learner.
    """
    long = latest.melt(id_vars=["key_factor_title"], value_vars=["mentor", "learner"], var_name="role", value_name="score")
    long["city"] = long["role"].map({"mentor": mentor, "learner": learner})
    long = hover(long, ("City", "city", ""), ("Key factor", "key_factor_title", ""), ("Score", "score", "g"))
    y = alt.Y("key_factor_title:N", title=None, sort=list(latest["key_factor_title"]))
    line = alt.Chart(latest).mark_rule(color="#666", strokeWidth=2, aria=False).encode(y=y, x="learner:Q", x2="mentor:Q")
    points = (
        alt.Chart(long)
        .mark_point(size=140, filled=True, opacity=1)
        .encode(
            y=y,
            x=alt.X("score:Q", title=f"Self-assessment score ({SCALE_RANGE})", scale=alt.Scale(domain=[SCORES[0], TOP_SCORE]), axis=alt.Axis(tickCount=5)),
            color=alt.Color(
                "city:N", title=None, scale=alt.Scale(domain=[mentor, learner], range=[colours[mentor], colours[learner]])
            ),
            shape=alt.Shape("city:N", title=None, scale=alt.Scale(domain=[mentor, learner], range=["circle", "square"])),
            **tip(),
        )
    )
    return styled(layered(line, points).properties(width=WIDTH - 260, height=alt.Step(34)), "Gap between mentor and learner")


def progress_lines(scores: pd.DataFrame, learner: str, colour: str) -> alt.FacetChart:
    """The learner's score on each key factor over the stages, one small panel per key factor."""
    data = hover(
        scores.assign(stage_label=scores["stage"].map(STAGE_LABELS)),
        ("Key factor", "key_factor_title", ""),
        ("Stage", "stage_label", ""),
        (learner, "learner", "g"),
        ("Mentor", "mentor", "g"),
    )
    base = alt.Chart(data).encode(
        x=alt.X("stage_label:N", title=None, sort=list(STAGE_LABELS.values())),
        y=alt.Y("learner:Q", title=f"{learner} score", scale=alt.Scale(domain=[SCORES[0], TOP_SCORE]), axis=alt.Axis(tickCount=5)),
        **tip(),
    )
    lines = layered(base.mark_line(color=colour, strokeWidth=2.5), base.mark_point(color=colour, filled=True, size=60))
    mentor = base.mark_line(color="#666", strokeDash=[4, 3]).encode(y="mentor:Q")
    chart = (
        layered(mentor, lines, data=data)
        .properties(width=150, height=110)
        .facet(facet=alt.Facet("key_factor_title:N", title=None, header=alt.Header(labelLimit=170, labelFont=FONT)), columns=3)
    )
    return styled(chart, f"Progress of {learner} over the study visits (dashed: mentor)")


def needs_heatmap(matrix: pd.DataFrame, city_names: dict[str, str], factor_titles: dict[str, str]) -> alt.LayerChart:
    """Baseline scores, city × key factor, with the score written in every cell."""
    long = matrix.reset_index(names="city").melt(id_vars="city", var_name="key_factor", value_name="score").dropna()
    long["city_name"] = long["city"].map(city_names)
    long["key_factor_title"] = long["key_factor"].map(factor_titles)
    long = hover(long, ("City", "city_name", ""), ("Key factor", "key_factor_title", ""), ("Baseline score", "score", "g"))
    x = alt.X("key_factor_title:N", title=None, sort=[factor_titles[k] for k in matrix.columns], axis=alt.Axis(labelAngle=-40))
    y = alt.Y("city_name:N", title=None, sort=[city_names[c] for c in matrix.index])
    cells = (
        alt.Chart(long)
        .mark_rect()
        .encode(
            x=x,
            y=y,
            color=alt.Color("score:Q", title="Score", scale=alt.Scale(scheme="blues", domain=[SCORES[0], TOP_SCORE])),
            **tip(),
        )
    )
    labels = (
        alt.Chart(long)
        .mark_text(fontSize=11, font=FONT, aria=False)
        .encode(x=x, y=y, text="score:Q", color=alt.condition("datum.score >= 2.5", alt.value("white"), alt.value("black")))
    )
    return styled(layered(cells, labels).properties(width=alt.Step(30), height=alt.Step(26)), "Needs assessment at the baseline")


def matching_matrix(
    pairs: pd.DataFrame, chosen: set[tuple[str, str]], actual: set[tuple[str, str]], names: dict[str, str]
) -> alt.LayerChart:
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
    learners = data["learner"].nunique()
    step = 130 if learners <= 8 else max(12, 1040 // learners)  # a large network stays readable as a grid
    x = alt.X("learner_name:N", title="Learner", axis=alt.Axis(labelAngle=0 if learners <= 8 else -90, labelLimit=200))
    y = alt.Y("mentor_name:N", title="Mentor")
    cells = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=x,
            y=y,
            color=alt.Color("compatibility:Q", title="Compatibility", scale=alt.Scale(scheme="greens", domain=[SCORES[0], TOP_SCORE])),
            **tip(),
        )
    )
    boxes = alt.Chart(data[data["chosen"]]).mark_rect(fill=None, stroke="black", strokeWidth=3, aria=False).encode(x=x, y=y)
    labels = alt.Chart(data).mark_text(fontSize=12, font=FONT, aria=False).encode(x=x, y=y, text="label:N")
    layers = [cells, boxes] + ([labels] if learners <= 12 else [])  # numbers stay in the data table when cells are small
    chart = layered(*layers).properties(width=alt.Step(step), height=alt.Step(40 if learners <= 8 else max(12, step)))
    return styled(chart, "Mentor–learner compatibility (boxed: computed assignment; ★: actual pair)")


def distribution_strip(
    deciles: dict[str, float], cities: pd.DataFrame, indicator: str, unit: str, colours: dict[str, str]
) -> alt.LayerChart:
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
    x_title = f"{indicator} ({unit})"
    outer = hover(band, ("European cities, 10th percentile", "low", "g"), ("90th percentile", "high", "g"))
    inner = hover(band, ("European cities, 30th percentile", "q1", "g"), ("70th percentile", "q3", "g"))
    middle = hover(band, ("European cities, median", "median", "g"))
    outer_bar = (
        alt.Chart(outer).mark_bar(height=18, color="#d9d9d9").encode(x=alt.X("low:Q", title=x_title), x2="high:Q", **tip())
    )
    inner_bar = alt.Chart(inner).mark_bar(height=18, color="#a6a6a6").encode(x="q1:Q", x2="q3:Q", **tip())
    median = alt.Chart(middle).mark_tick(color="black", thickness=2, size=24).encode(x="median:Q", **tip())
    marks = (
        alt.Chart(hover(cities, ("City", "name", ""), (f"{indicator} ({unit})", "value", ",g")))
        .mark_point(filled=True, size=120, shape="triangle-down", yOffset=-18)
        .encode(
            x="value:Q",
            color=alt.Color(
                "name:N", title=None, scale=alt.Scale(domain=list(cities["name"]), range=[colours[c] for c in cities["city"]])
            ),
            **tip(),
        )
    )
    return styled(
        layered(outer_bar, inner_bar, median, marks).properties(width=WIDTH - 120, height=60),
        f"{indicator}: the network among European cities",
    )


def plan_timeline(actions: pd.DataFrame, factor_titles: dict[str, str]) -> alt.LayerChart:
    """Actions as bars over months, coloured by key factor, shaped by status."""
    data = actions.assign(
        start_date=pd.to_datetime(actions["start"].astype(str), format="mixed"),
        end_date=pd.to_datetime(actions["end"].astype(str), format="mixed"),
        key_factor_title=actions["key_factor"].map(factor_titles),
    )
    data = hover(
        data,
        ("Action", "title", ""),
        ("Key factor", "key_factor_title", ""),
        ("From", "start", ""),
        ("To", "end", ""),
        ("Status", "status", ""),
    )
    y = alt.Y("title:N", title=None, sort=list(data.sort_values("start_date")["title"]), axis=alt.Axis(labelLimit=280))
    colour = alt.Color("key_factor_title:N", title="Key factor", scale=alt.Scale(range=PALETTE))
    bars = (
        alt.Chart(data)
        .mark_bar(height=14, cornerRadius=3)
        .encode(
            x=alt.X("start_date:T", title=None, axis=alt.Axis(format="%b %Y")),
            x2="end_date:T",
            y=y,
            color=colour,
            **tip(),
        )
    )
    status = (
        alt.Chart(data)
        .mark_point(filled=True, size=90, color="black")
        .encode(
            x="end_date:T",
            y=y,
            shape=alt.Shape(
                "status:N", title="Status", scale=alt.Scale(domain=list(STATUS_SHAPES), range=list(STATUS_SHAPES.values()))
            ),
            **tip(),
        )
    )
    return styled(layered(bars, status).properties(width=WIDTH - 260, height=alt.Step(24)), "Action plan timeline")


def score_bars(latest: pd.DataFrame, city: str, colour: str) -> alt.Chart:
    """A city's latest score on each key factor, one panel per theme.

    `latest` has columns theme_title, key_factor_title, score, stage.
    """
    data = hover(latest, ("Key factor", "key_factor_title", ""), ("Score", "score", "g"), ("Stage", "stage", ""))
    chart = (
        alt.Chart(data)
        .mark_bar(color=colour)
        .encode(
            x=alt.X("score:Q", title=f"Latest score ({SCALE_RANGE})", scale=alt.Scale(domain=[SCORES[0], TOP_SCORE]), axis=alt.Axis(tickCount=5)),
            y=alt.Y("key_factor_title:N", title=None, sort=list(latest["key_factor_title"])),
            row=alt.Row("theme_title:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=300)),
            **tip(),
        )
        .resolve_scale(y="independent")
        .properties(width=260, height=alt.Step(18))
    )
    return styled(chart, f"{city}: latest self-assessment")


def process_timeline(milestones: pd.DataFrame, steps: pd.DataFrame) -> alt.LayerChart:
    """The seven steps of the method as rows, with the network's dated milestones placed in their step's row.

    `steps` has columns number, title; `milestones` has title, start_date, end_date, step (empty: after the steps).
    """
    order = [f"{n}. {t}" for n, t in zip(steps["number"], steps["title"], strict=True)] + ["Afterwards"]
    labels = dict(zip(steps["number"], order, strict=False))
    data = milestones.assign(
        row=milestones["step"].map(lambda s: labels.get(int(s), "Afterwards") if pd.notna(s) else "Afterwards")
    )
    data = hover(data, ("Milestone", "title", ""), ("Step", "row", ""), ("From", "start", ""), ("To", "end", ""))
    y = alt.Y("row:N", title=None, sort=order, scale=alt.Scale(domain=order), axis=alt.Axis(labelLimit=320, labelFontSize=12))
    x = alt.X("start_date:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=8))
    spans = alt.Chart(data).mark_bar(height=12, color=PALETTE[0]).encode(x=x, x2="end_date:T", y=y, **tip())
    labels_layer = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=11, font=FONT, aria=False)
        .encode(x="end_date:T", y=y, text="title:N")
    )
    chart = layered(spans, labels_layer).properties(width=WIDTH, height=alt.Step(30))
    return styled(chart, "The seven steps of the method and the network's timeline")


def city_marks(colours: dict[str, str]) -> CityMarks:
    """How a city is drawn in the network's diagram and map: its own colour, its role as the shape, a tooltip."""
    return {
        "color": alt.Color("id:N", scale=alt.Scale(domain=list(colours), range=list(colours.values())), legend=None),
        "shape": alt.Shape("role:N", title="Role", scale=alt.Scale(domain=["mentor", "learner"], range=["circle", "square"])),
        **tip(),
    }


def network_diagram(cities: pd.DataFrame, pairs: pd.DataFrame, colours: dict[str, str]) -> alt.LayerChart:
    """Mentors on the left, learners on the right, a line for each pair labelled with its theme.

    `cities` has id, label, role, row; `pairs` has mentor_row, learner_row, theme_title.
    """
    x_of = {"mentor": 0, "learner": 1}
    points = cities.assign(x=cities["role"].map(x_of))
    scale_x = alt.Scale(domain=[-1.3, 2.3])
    scale_y = alt.Scale(domain=[-0.6, max(points["row"].max(), 0) + 0.6], reverse=True)
    lines = (
        alt.Chart(pairs.assign(x0=0, x1=1))
        .mark_rule(strokeWidth=2, color="#666", aria=False)
        .encode(
            x=alt.X("x0:Q", scale=scale_x, axis=None),
            x2="x1:Q",
            y=alt.Y("mentor_row:Q", scale=scale_y, axis=None),
            y2="learner_row:Q",
        )
    )
    themes = (
        alt.Chart(pairs.assign(x=0.5, y=(pairs["mentor_row"] + pairs["learner_row"]) / 2))
        .mark_text(fontSize=11, font=FONT, dy=-9, color="#333", fontStyle="italic", aria=False)
        .encode(x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("y:Q", scale=scale_y, axis=None), text="theme_title:N")
    )
    dots = (
        alt.Chart(hover(points, ("City", "label", ""), ("Role", "role", "")))
        .mark_point(filled=True, size=220, opacity=1)
        .encode(
            x=alt.X("x:Q", scale=scale_x, axis=None),
            y=alt.Y("row:Q", scale=scale_y, axis=None),
            **city_marks(colours),
        )
    )
    sides: tuple[tuple[str, Literal["left", "right"], int], ...] = (("mentor", "right", -14), ("learner", "left", 14))
    names = [
        alt.Chart(points[points["role"] == role])
        .mark_text(fontSize=12, font=FONT, align=align, dx=dx, aria=False)
        .encode(x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("row:Q", scale=scale_y, axis=None), text="label:N")
        for role, align, dx in sides
    ]
    chart = layered(lines, themes, dots, *names).properties(width=WIDTH, height=max(60, 56 * (int(points["row"].max()) + 1)))
    return styled(chart, "The network's pairs: mentors (circles) → learners (squares)")


def network_map(
    countries: dict[str, object], cities: pd.DataFrame, pairs: pd.DataFrame, view: Feature, colours: dict[str, str]
) -> alt.LayerChart:
    """The cities on a map of Europe, a line from each mentor to its learner.

    `countries` is a GeoJSON FeatureCollection; `view` a GeoJSON feature the projection fits (see
    `geography.view`). `cities` has id, label, role, lat, lon, details and stack (the line of its label when
    several cities share a place); `pairs` has label, theme_title, distance_km and mentor_/learner_ lat, lon.
    """
    lon, lat = (sum(corner[i] for corner in view["geometry"]["coordinates"]) / 4 for i in (0, 1))
    projection = alt.Projection(type="azimuthalEqualArea", rotate=[-lon, -lat, 0], fit=view)
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
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            **city_marks(colours),
        )
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
                    dy=14 * int(stack),
                    fontSize=12,
                    font=FONT,
                    aria=False,
                    **({"stroke": "white", "strokeWidth": 3, "strokeJoin": "round"} if halo else {"color": "#1a1a1a"}),
                )
                .encode(longitude="anchor_lon:Q", latitude="anchor_lat:Q", text="label:N")
            )
    chart = layered(land, lines, dots, *names).properties(projection=projection, width=WIDTH, height=460)
    return styled(chart, "Where the cities are: mentors (circles), learners (squares)")


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
    width: int = WIDTH,
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
