"""The review's map and charts: drawn on the server as SVG, from the vendored Natural Earth
outlines (world-atlas 2.0.2) converted by reporting/review_document/mapdata.py."""

import json
import xml.etree.ElementTree as ET

from reporting.review_document import charts, mapdata

SVG = "{http://www.w3.org/2000/svg}"


def test_the_committed_outlines_are_what_the_conversion_gives():
    committed = json.loads(mapdata.OUTLINES.read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(mapdata.convert()))


def test_every_range_state_of_the_fixtures_has_an_outline():
    fixture = json.loads(
        (mapdata.DATA.parents[2] / "fixtures" / "02_rangestates.json").read_text("utf-8")
    )
    codes = {row["fields"]["iso_code"] for row in fixture if row["model"].endswith("rangestate")}
    drawn = {country["iso"] for country in charts.outlines()["countries"]}
    assert codes <= drawn
    for country in charts.outlines()["countries"]:
        if country["iso"] in codes:
            x, y = country["label"]
            assert 0 <= x <= mapdata.WIDTH and 0 <= y <= mapdata.map_height()


def test_the_map_colours_each_range_state_by_its_rate():
    rates = [
        {"iso": "KG", "name": "Kyrgyzstan", "rate": 80},
        {"iso": "TJ", "name": "Tajikistan", "rate": 20},
        {"iso": "MN", "name": "Mongolia", "rate": 0},
    ]
    svg = charts.range_state_map(rates, links={"KG": "/range-states/KG/"})
    root = ET.fromstring(svg)
    fills = {path.get("data-iso"): path.get("fill") for path in root.iter(f"{SVG}path")}
    assert fills["KG"] == charts.rate_colour(80) == charts.RATE_BUCKETS[0][1]
    assert fills["TJ"] == charts.RATE_BUCKETS[2][1]
    assert fills["MN"] == charts.RATE_BUCKETS[3][1]
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["/range-states/KG/"]
    # Neighbours are drawn, uncoloured.
    assert sum(1 for p in root.iter(f"{SVG}path") if p.get("fill") == charts.OTHER_COUNTRY) > 10


def test_the_charts_are_valid_svg_with_a_title():
    content = {
        "statuses": [{"code": "completed", "label": "Completed"}],
        "objectives": [{"number": 1, "countries": [{"code": "completed", "label": "Completed",
                                                      "count": 3}]}],  # fmt: skip
        "annex": {"rates": [{"iso": "KG", "name": "Kyrgyzstan", "rate": 50}]},
        "changes": {"counts": [{"code": "completed", "label": "Completed", "before": 1,
                                "now": 3}]},  # fmt: skip
        "previous_cycle": "",
        "cycle": {"name": "COP15 <cycle>"},
    }
    for name, svg in charts.all_charts(content).items():
        root = ET.fromstring(svg)
        assert root.find(f"{SVG}title").text, name
    assert "COP15 &lt;cycle&gt;" in charts.changes(content)
