/* tacitus: one document — the cleaned text block by block, event sentences
 * highlighted (anchors #at-OFFSET), and the removed boilerplate greyed out. */
"use strict";

const BLOCK_TAGS = { title: "h2", heading: "h3", caption: "figcaption", paragraph: "p" };

/* The text of [start, end) with the evidence spans inside it wrapped in <mark id="at-START">. */
function markedText(text, start, end, spans) {
  const frag = document.createDocumentFragment();
  let pos = start;
  for (const s of spans) {
    if (s.end <= pos || s.start >= end) continue;
    const a = Math.max(s.start, pos), b = Math.min(s.end, end);
    if (a > pos) frag.appendChild(document.createTextNode(text.slice(pos, a)));
    frag.appendChild(T.el("mark", { class: "ev", id: "at-" + s.start, title: s.label }, text.slice(a, b)));
    pos = b;
  }
  if (pos < end) frag.appendChild(document.createTextNode(text.slice(pos, end)));
  return frag;
}

async function main() {
  const doc = await T.getJSON("/documents/" + encodeURIComponent(T.lastPathPart()));
  document.title = (doc.title || doc.source) + " · tacitus";
  document.getElementById("title").textContent = doc.title || doc.source;
  document.getElementById("meta").textContent = [doc.outlet || "outlet unknown", doc.published || "date unknown",
    "source: " + doc.source, doc.url ? "url: " + doc.url : null, "id " + doc.id].filter(Boolean).join(" · ");
  const spans = [];
  const seen = new Set();
  for (const e of doc.events || []) {
    const ev = e.evidence || {};
    if (ev.end > ev.start && !seen.has(ev.start)) {
      seen.add(ev.start);
      spans.push({ start: ev.start, end: ev.end, label: e.type + " (" + ((e.claim || {}).claimant || "unattributed") + ")" });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const box = document.getElementById("text");
  const blocks = doc.blocks && doc.blocks.length ? doc.blocks : [{ kind: "paragraph", start: 0, end: doc.text.length }];
  for (const b of blocks) {
    const node = T.el(BLOCK_TAGS[b.kind] || "p", { class: "block-" + b.kind });
    node.appendChild(markedText(doc.text, b.start, b.end, spans));
    box.appendChild(node);
  }
  const removed = document.getElementById("removed");
  for (const r of doc.removed || []) removed.appendChild(T.el("li", {}, T.el("span", { class: "reason" }, r.reason), " ", r.text));
  if (!(doc.removed || []).length) removed.appendChild(T.el("li", { class: "muted" }, "nothing was removed"));
  if (location.hash) { const t = document.getElementById(location.hash.slice(1)); if (t) { t.classList.add("target"); t.scrollIntoView(); } }
  document.body.dataset.ready = "1";
}

main().catch((err) => { T.fail(document.getElementById("text"), err); document.body.dataset.ready = "1"; });
