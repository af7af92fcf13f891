/* tacitus dashboard: shared helpers.
 * Report text is always put on the page as text (textContent / text nodes),
 * never parsed as HTML, so a report containing markup stays inert. */
"use strict";

const T = {};

/* Colours by event type (colour-blind-friendly where possible). */
T.TYPE_COLOURS = {
  attack: "#d62728", interception: "#1f77b4", clash: "#ff7f0e", territory: "#9467bd",
  disruption: "#8c564b", talks: "#17becf", agreement: "#2ca02c", threat: "#e377c2",
  appeal: "#bcbd22", assault: "#7f0000", protest: "#636363", riot: "#a55194",
  arrest: "#393b79", seizure: "#637939", other: "#7f7f7f",
};
T.colour = (type) => T.TYPE_COLOURS[type] || T.TYPE_COLOURS.other;

/* Build an element: el("a", {href: "/x", class: "y"}, "text", childNode). Strings become text nodes. */
T.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "href") node.setAttribute("href", T.safeHref(v));
    else node.setAttribute(k, String(v));
  }
  T.append(node, children);
  return node;
};

T.append = function (node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
};

/* Only same-site paths become links: never javascript:, data: or another host. */
T.safeHref = (v) => (typeof v === "string" && /^\/(?!\/)/.test(v) ? v : "#");

T.clear = (node) => { while (node.firstChild) node.removeChild(node.firstChild); return node; };

T.query = function (params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
};

T.getJSON = async function (path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
};

const QUAL = { exact: "", approx: "~", at_least: "≥", at_most: "≤", range: "" };
/* "≥40", "~122", "10–20" */
T.figure = function (q) {
  if (q.qualifier === "range" && q.high !== null && q.high !== undefined) return q.low + "–" + q.high;
  return (QUAL[q.qualifier] || "") + q.value;
};
T.QUALIFIER_WORDS = { exact: "exact", approx: "approximately", at_least: "at least", at_most: "at most", range: "range" };

T.when = function (start, end) {
  if (!start) return "date unknown";
  return start === end || !end ? start : start + " – " + end;
};

/* The sentence as text nodes, with `part` (if found in it) wrapped in <mark>. */
T.highlight = function (sentence, part, cls) {
  const frag = document.createDocumentFragment();
  const s = sentence || "";
  const i = part ? s.indexOf(part) : -1;
  if (i < 0) { frag.appendChild(document.createTextNode(s)); return frag; }
  frag.appendChild(document.createTextNode(s.slice(0, i)));
  frag.appendChild(T.el("mark", { class: cls || "hl" }, s.slice(i, i + part.length)));
  frag.appendChild(document.createTextNode(s.slice(i + part.length)));
  return frag;
};

T.typeBadge = (type) => {
  const b = T.el("span", { class: "badge" }, type || "other");
  b.style.background = T.colour(type);
  return b;
};

T.lastPathPart = () => decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");

T.fail = function (where, err) {
  T.append(T.clear(where), [T.el("p", { class: "error" }, "Could not load: " + err.message)]);
};
