/* tacitus dashboard: incidents on the map, the incident list, the daily
 * timeline and the per-claimant figures, all following the filter bar. */
"use strict";

const FILTERS = ["since", "until", "type", "country", "claimant", "near"];
let map = null, markerLayer = null, nearCircle = null;

/* The radius filter: `near` is "LAT,LON,KM" (the API's parameter), set by a
 * click on the map with the distance chosen in the "Within" list, and drawn as
 * a circle. */
function parseNear(value) {
  const parts = (value || "").split(",").map(Number);
  return parts.length === 3 && parts.every(Number.isFinite) ? { lat: parts[0], lon: parts[1], km: parts[2] } : null;
}

function drawNear() {
  if (nearCircle) { nearCircle.remove(); nearCircle = null; }
  const near = parseNear(document.getElementById("f-near").value);
  const hint = document.getElementById("near-hint");
  if (!near) {
    hint.textContent = "Click the map to keep only incidents within a distance of that point.";
    return;
  }
  nearCircle = L.circle([near.lat, near.lon], { radius: near.km * 1000, className: "near-circle",
                                                interactive: false, fill: false, weight: 2, dashArray: "6 4" }).addTo(map);
  hint.textContent = "Showing incidents within " + near.km + " km of " + near.lat.toFixed(2) + ", "
    + near.lon.toFixed(2) + " (choose \u201cany distance\u201d or Reset to clear).";
}

function setNear(lat, lon) {
  const km = document.getElementById("f-km");
  if (!km.value) km.value = "50";
  const wrapped = ((lon + 540) % 360) - 180;  // the map repeats the world: back to -180..180
  document.getElementById("f-near").value = lat.toFixed(4) + "," + wrapped.toFixed(4) + "," + km.value;
  drawNear();
  refresh();
}

function onDistanceChange() {
  const near = parseNear(document.getElementById("f-near").value);
  const km = document.getElementById("f-km").value;
  document.getElementById("f-near").value = near && km ? near.lat + "," + near.lon + "," + km : "";
  drawNear();
}

function currentFilters() {
  const f = {};
  for (const k of FILTERS) f[k] = document.getElementById("f-" + k).value;
  return f;
}

function setOptions(select, values, label) {
  const keep = select.value;
  T.clear(select).appendChild(T.el("option", { value: "" }, "all"));
  for (const v of values) select.appendChild(T.el("option", { value: v }, label ? label(v) : v));
  select.value = keep;
}

/* Marker radius grows with the square root of the largest reported figure. */
const radius = (n) => Math.min(28, 5 + 2.2 * Math.sqrt(n || 0));

function incidentTitle(inc) {
  return (inc.type || inc.family) + (inc.place ? " · " + inc.place : "") + (inc.country ? " (" + inc.country + ")" : "");
}

function popupFor(inc) {
  return T.el("div", { class: "popup" },
    T.el("strong", {}, incidentTitle(inc)), T.el("br"),
    T.when(inc.start, inc.end), T.el("br"),
    inc.events + " event(s) in " + inc.documents + " report(s)", T.el("br"),
    inc.numbers ? "largest figure reported: " + inc.numbers : "no figures reported", T.el("br"),
    "claimed by: " + (inc.claimants || []).join("; "), T.el("br"),
    T.el("a", { href: "/view/incident/" + encodeURIComponent(inc.id), class: "open" }, "claims side by side →"));
}

function drawIncidents(items) {
  markerLayer.clearLayers();
  const list = T.clear(document.getElementById("incident-list"));
  const bounds = [];
  const byFigure = [...items].sort((a, b) => (b.numbers - a.numbers) || (b.start || "").localeCompare(a.start || ""));
  for (const inc of byFigure) {
    if (inc.lat !== null && inc.lat !== undefined) {
      const m = L.circleMarker([inc.lat, inc.lon], {
        radius: radius(inc.numbers), color: "#222", weight: 1, fillColor: T.colour(inc.type), fillOpacity: 0.75,
        className: "incident-marker", bubblingMouseEvents: false,
      });
      m.bindPopup(popupFor(inc));
      m.bindTooltip(T.el("span", {}, incidentTitle(inc)));
      m.addTo(markerLayer);
      bounds.push([inc.lat, inc.lon]);
    }
    list.appendChild(T.el("li", { "data-id": inc.id },
      T.typeBadge(inc.type),
      T.el("a", { href: "/view/incident/" + encodeURIComponent(inc.id), class: "inc-link" }, inc.place || "place unknown"),
      T.el("span", { class: "muted" }, " " + T.when(inc.start, inc.end) + " · " + inc.documents + " report(s)"
        + (inc.numbers ? " · up to " + inc.numbers : ""))));
  }
  document.getElementById("inc-count").textContent = "(" + items.length + ")";
  if (bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 6 });
}

function drawTimeline(days) {
  const box = T.clear(document.getElementById("timeline"));
  if (!days.length) { box.appendChild(T.el("p", { class: "muted" }, "No events for these filters.")); return; }
  const ns = "http://www.w3.org/2000/svg";
  const W = 900, H = 150, pad = 24, max = Math.max(...days.map((d) => d.total));
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H + 30}`);
  svg.setAttribute("class", "tl");
  const bw = Math.min(36, Math.max(2, (W - 2 * pad) / days.length - 2));
  days.forEach((d, i) => {
    let y = H;
    const x = pad + i * ((W - 2 * pad) / days.length);
    for (const [type, n] of Object.entries(d.types)) {
      const h = (n / max) * (H - 10);
      const r = document.createElementNS(ns, "rect");
      r.setAttribute("x", x); r.setAttribute("y", y - h); r.setAttribute("width", bw); r.setAttribute("height", h);
      r.setAttribute("fill", T.colour(type));
      const t = document.createElementNS(ns, "title");
      t.textContent = d.date + ": " + n + " " + type;
      r.appendChild(t); svg.appendChild(r);
      y -= h;
    }
    if (i === 0 || i === days.length - 1 || days.length <= 12) {
      const lab = document.createElementNS(ns, "text");
      lab.setAttribute("x", x + bw / 2); lab.setAttribute("y", H + 16); lab.setAttribute("class", "tl-label");
      lab.textContent = d.date.slice(5);
      svg.appendChild(lab);
    }
  });
  const top = document.createElementNS(ns, "text");
  top.setAttribute("x", 2); top.setAttribute("y", 12); top.setAttribute("class", "tl-label");
  top.textContent = "max " + max + "/day";
  svg.appendChild(top);
  box.appendChild(svg);
}

function drawClaimants(rows) {
  const body = T.clear(document.querySelector("#claimant-table tbody"));
  const shown = rows.filter((r) => r.launched || r.intercepted).slice(0, 12);
  const max = Math.max(1, ...shown.map((r) => Math.max(r.launched, r.intercepted)));
  const bar = (n, cls) => {
    const b = T.el("span", { class: "bar " + cls });
    b.style.width = Math.round((n / max) * 80) + "px";
    return T.el("td", {}, b, " " + n);
  };
  for (const r of shown) {
    body.appendChild(T.el("tr", {}, T.el("td", {}, r.claimant), bar(r.launched, "launched"),
      bar(r.intercepted, "intercepted"), T.el("td", { class: "num" }, r.events)));
  }
  if (!shown.length) body.appendChild(T.el("tr", {}, T.el("td", { colspan: 4, class: "muted" }, "No launch or interception figures for these filters.")));
}

function drawLegend(types) {
  const box = T.clear(document.getElementById("legend"));
  box.appendChild(T.el("div", { class: "legend-title" }, "Incident type (marker size: largest figure reported)"));
  for (const t of types) box.appendChild(T.el("div", {}, T.typeBadge(t)));
  const sw = T.el("span", { class: "swatch occupied-swatch" });
  box.appendChild(T.el("div", { class: "crimea-note" }, sw,
    "Crimea: Ukrainian territory under Russian occupation (hatched). Base map data draws it in Russia; shown here as Ukraine."));
}

async function refresh() {
  const f = currentFilters();
  history.replaceState(null, "", T.query(f) || "/");
  document.body.classList.add("loading");
  try {
    const [inc, tl] = await Promise.all([
      T.getJSON("/incidents" + T.query({ ...f, limit: 500 })),
      T.getJSON("/timeline" + T.query(f)),
    ]);
    drawIncidents(inc.items);
    drawTimeline(tl.days);
    drawClaimants(tl.claimants);
  } catch (err) {
    T.fail(document.getElementById("incident-list"), err);
  } finally {
    document.body.classList.remove("loading");
    document.body.dataset.ready = "1";
  }
}

async function main() {
  map = await createBaseMap("map");
  markerLayer = L.featureGroup().addTo(map);
  const facets = await T.getJSON("/facets");
  setOptions(document.getElementById("f-type"), facets.types);
  setOptions(document.getElementById("f-country"), facets.countries);
  setOptions(document.getElementById("f-claimant"), facets.claimants);
  drawLegend(facets.types);
  const params = new URLSearchParams(location.search);
  for (const k of FILTERS) if (params.get(k)) document.getElementById("f-" + k).value = params.get(k);
  const near = parseNear(params.get("near"));
  if (near) {
    const km = document.getElementById("f-km");
    if (![...km.options].some((o) => o.value === String(near.km))) km.appendChild(T.el("option", { value: String(near.km) }, near.km + " km"));
    km.value = String(near.km);
  }
  drawNear();
  map.on("click", (e) => setNear(e.latlng.lat, e.latlng.lng));
  const form = document.getElementById("filters");
  document.getElementById("f-km").addEventListener("change", onDistanceChange);
  form.addEventListener("change", refresh);
  form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  form.addEventListener("reset", () => setTimeout(() => {
    document.getElementById("f-near").value = "";  // a hidden input keeps its value through a reset
    drawNear();
    refresh();
  }, 0));
  await refresh();
}

main().catch((err) => T.fail(document.getElementById("incident-list"), err));
