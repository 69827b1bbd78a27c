"""The outlines of the countries around Central Asia, converted once from the vendored
Natural Earth boundaries of the npm package world-atlas 2.0.2 (countries-50m.json, TopoJSON,
ISC licence, data/world-atlas-2.0.2/).

The conversion decodes the TopoJSON's arcs, projects them (equirectangular, the longitudes
scaled by the cosine of the region's middle latitude), crops to the region's window and drops
points closer than a fraction of a pixel; the result, `data/region_outlines.json`, is what the
map reads at run time. Run it again after changing the window or the source:

    python -m reporting.review_document.mapdata

A test checks that the committed outlines are what this conversion gives.
"""

import json
import math
from pathlib import Path

DATA = Path(__file__).parent / "data"
SOURCE = DATA / "world-atlas-2.0.2" / "countries-50m.json"
OUTLINES = DATA / "region_outlines.json"

# The window: every range state whole, but Russia's Far East and Arctic coast.
WEST, EAST, SOUTH, NORTH = 38.0, 136.0, 5.0, 58.0
WIDTH = 900.0
MIN_STEP = 0.8  # pixels: closer points are dropped
MARGIN = 4.0  # pixels beyond the window's edge

# ISO 3166-1 numeric (world-atlas's ids) to the alpha-2 codes the portal's range states use,
# for the countries of the window.
ALPHA2 = {
    "004": "AF", "031": "AZ", "050": "BD", "051": "AM", "064": "BT", "104": "MM", "116": "KH",
    "156": "CN", "158": "TW", "268": "GE", "356": "IN", "364": "IR", "368": "IQ", "392": "JP",
    "398": "KZ", "408": "KP", "410": "KR", "414": "KW", "417": "KG", "418": "LA", "496": "MN",
    "512": "OM", "524": "NP", "586": "PK", "634": "QA", "643": "RU", "682": "SA", "704": "VN",
    "762": "TJ", "764": "TH", "784": "AE", "792": "TR", "795": "TM", "804": "UA", "860": "UZ",
    "144": "LK", "458": "MY", "048": "BH", "887": "YE", "760": "SY",
}  # fmt: skip


def project(lon, lat):
    """Longitude and latitude to the map's pixels (x to the east, y to the south)."""
    middle = math.radians((SOUTH + NORTH) / 2)
    kx = WIDTH / (EAST - WEST)
    ky = kx / math.cos(middle)
    return (lon - WEST) * kx, (NORTH - lat) * ky


def map_height():
    return project(WEST, SOUTH)[1]


def _decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def _clamped(lon, lat, height):
    """The point in pixels; beyond the window, a ring runs along its edge (hidden by the
    frame)."""
    x, y = project(lon, lat)
    return min(max(x, -MARGIN), WIDTH + MARGIN), min(max(y, -MARGIN), height + MARGIN)


def _path(rings):
    parts = []
    height = map_height()
    for ring in rings:
        kept = []
        for lon, lat in ring:
            x, y = _clamped(lon, lat, height)
            if kept and math.dist(kept[-1], (x, y)) < MIN_STEP:
                continue
            kept.append((x, y))
        if len(kept) < 3:
            continue
        parts.append(
            "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z"
        )
    return "".join(parts)


def _label_point(rings):
    """The centroid of the largest ring, in pixels: where the country's code is written."""
    best, best_area = None, 0.0
    for ring in rings:
        points = [_clamped(lon, lat, map_height()) for lon, lat in ring]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best_area:
            best_area = abs(area)
            best = [round(cx / (3 * area), 1), round(cy / (3 * area), 1)]
    return best


def _in_window(rings):
    lons = [lon for ring in rings for lon, _lat in ring]
    lats = [lat for ring in rings for _lon, lat in ring]
    return (
        lons and min(lons) < EAST and max(lons) > WEST and min(lats) < NORTH and max(lats) > SOUTH
    )


def convert(source=SOURCE) -> dict:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = [
            _ring(arcs, ring) for polygon in _polygons(geometry) for ring in polygon
        ]
        # Russia's outline crosses the antimeridian: the window never reaches it.
        if not _in_window(rings):
            continue
        path = _path(rings)
        if not path:
            continue
        numeric = geometry.get("id")
        countries.append(
            {
                "id": numeric,
                "iso": ALPHA2.get(numeric, ""),
                "name": geometry["properties"]["name"],
                "d": path,
                "label": _label_point(rings),
            }
        )
    countries.sort(key=lambda country: (country["name"], country["id"] or ""))
    return {
        "source": "world-atlas 2.0.2, countries-50m.json (Natural Earth)",
        "window": [WEST, SOUTH, EAST, NORTH],
        "width": WIDTH,
        "height": round(map_height(), 1),
        "countries": countries,
    }


def write(target=OUTLINES):
    Path(target).write_text(
        json.dumps(convert(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":  # pragma: no cover - the build step
    write()
