/* tacitus dashboard: the base map, drawn offline from the vendored Natural Earth
 * countries (world-atlas TopoJSON). No tiles, no network.
 *
 * Natural Earth (and so world-atlas) draws Crimea as part of Russia. Here the
 * Crimean polygon is cut out of Russia's multipolygon by its bounding box, drawn
 * in Ukraine's style with a hatched "occupied" overlay, and the legend says so. */
"use strict";

const CRIMEA_BOX = { west: 32.3, east: 36.8, south: 44.2, north: 46.4 };
const RUSSIA = "643", UKRAINE = "804";

function ringBox(ring) {
  let w = 180, e = -180, s = 90, n = -90;
  for (const [x, y] of ring) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y); }
  return { w, e, s, n };
}

function insideCrimeaBox(polygon) {
  const b = ringBox(polygon[0]);
  return b.w >= CRIMEA_BOX.west && b.e <= CRIMEA_BOX.east && b.s >= CRIMEA_BOX.south && b.n <= CRIMEA_BOX.north;
}

/* Split the countries into [countries without Crimea in Russia, the Crimea feature or null]. */
function separateCrimea(features) {
  let crimea = null;
  const out = features.map((f) => {
    if (String(f.id) !== RUSSIA || f.geometry.type !== "MultiPolygon") return f;
    const keep = [], cut = [];
    for (const poly of f.geometry.coordinates) (insideCrimeaBox(poly) ? cut : keep).push(poly);
    if (cut.length) crimea = { type: "Feature", id: "crimea", properties: { name: "Crimea" },
                               geometry: { type: "MultiPolygon", coordinates: cut } };
    return { ...f, geometry: { type: "MultiPolygon", coordinates: keep } };
  });
  return [out, crimea];
}

/* A hatch pattern in the SVG renderer, used by the .occupied overlay's CSS fill. */
function addHatchPattern(renderer) {
  const svg = renderer._container;
  const ns = "http://www.w3.org/2000/svg";
  const defs = document.createElementNS(ns, "defs");
  const pat = document.createElementNS(ns, "pattern");
  pat.setAttribute("id", "hatch-occupied");
  pat.setAttribute("patternUnits", "userSpaceOnUse");
  pat.setAttribute("width", "6"); pat.setAttribute("height", "6");
  pat.setAttribute("patternTransform", "rotate(45)");
  const line = document.createElementNS(ns, "line");
  line.setAttribute("x1", "0"); line.setAttribute("y1", "0"); line.setAttribute("x2", "0"); line.setAttribute("y2", "6");
  line.setAttribute("stroke", "#8a1c1c"); line.setAttribute("stroke-width", "1.6");
  pat.appendChild(line); defs.appendChild(pat); svg.insertBefore(defs, svg.firstChild);
}

const LAND = { color: "#9aa5b1", weight: 0.6, fillColor: "#eef0eb", fillOpacity: 1 };
const UKRAINE_STYLE = { color: "#9aa5b1", weight: 0.6, fillColor: "#e6ecd9", fillOpacity: 1 };

/* Create the map in `id` with the country layer; resolves to the Leaflet map. */
async function createBaseMap(id) {
  const renderer = L.svg({ padding: 0.5 });
  const map = L.map(id, { renderer, worldCopyJump: true, minZoom: 2, maxZoom: 10, zoomSnap: 0.5,
                          attributionControl: false, preferCanvas: false }).setView([46, 25], 4);
  renderer.addTo(map);
  addHatchPattern(renderer);
  const topo = await T.getJSON("/static/vendor/world-atlas/countries-50m.json");
  const [countries, crimea] = separateCrimea(topojson.feature(topo, topo.objects.countries).features);
  L.geoJSON({ type: "FeatureCollection", features: countries }, {
    renderer, interactive: false,
    style: (f) => (String(f.id) === UKRAINE ? UKRAINE_STYLE : LAND),
  }).addTo(map);
  if (crimea) {
    L.geoJSON(crimea, { renderer, interactive: false, style: UKRAINE_STYLE }).addTo(map);
    const hatch = L.geoJSON(crimea, { renderer, style: { className: "occupied", color: "#8a1c1c", weight: 0.8, fillOpacity: 0.55 } }).addTo(map);
    hatch.bindTooltip("Crimea: Ukrainian territory under Russian occupation since 2014", { sticky: true });
  }
  return map;
}
