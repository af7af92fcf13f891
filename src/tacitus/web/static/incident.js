/* tacitus: one incident — every claim side by side (figure, claimant, outlets,
 * qualifier, modality, highlighted evidence), then each report's event. */
"use strict";

function docLink(m) {
  const start = m.evidence && m.evidence.start !== undefined && m.evidence.start !== null ? "#at-" + m.evidence.start : "";
  return T.el("a", { href: "/view/document/" + encodeURIComponent(m.document_id) + start, class: "doc-link" }, "open report");
}

function claimCard(c, contestedIds) {
  const card = T.el("div", { class: "claim" + (contestedIds.has(c.id) ? " contested" : "") + (c.modality === "denied" ? " denied" : "") });
  card.appendChild(T.el("div", { class: "figure" }, T.figure(c), T.el("span", { class: "unit" }, " " + c.unit)));
  card.appendChild(T.el("div", { class: "who" }, c.claimant || "unattributed",
    c.claimant_country ? T.el("span", { class: "muted" }, " (" + c.claimant_country + ")") : null));
  card.appendChild(T.el("div", { class: "tags" },
    T.el("span", { class: "tag" }, T.QUALIFIER_WORDS[c.qualifier] || c.qualifier),
    T.el("span", { class: "tag modality-" + c.modality }, c.modality),
    c.place ? T.el("span", { class: "tag" }, c.place) : null,
    contestedIds.has(c.id) ? T.el("span", { class: "tag warn" }, "contested") : null));
  card.appendChild(T.el("div", { class: "outlets" }, "via " + ((c.reported_by || []).join(", ") || "the report itself")
    + " · " + c.sources + " independent source(s)"));
  for (const m of c.mentions || []) {
    card.appendChild(T.el("blockquote", { class: "evidence" },
      T.highlight(m.evidence && m.evidence.text, m.quantity_text), " ", docLink(m)));
  }
  return card;
}

function roleBlock(role, unit, block) {
  const contested = new Set();
  for (const x of block.contested || []) for (const id of x.claims) contested.add(id);
  const sec = T.el("section", { class: "role" }, T.el("h2", {}, role + " · " + unit));
  const r = block.reconciled;
  if (r) {
    sec.appendChild(T.el("p", { class: "reconciled" }, "Reconciled: best " + r.best + " (low " + r.low
      + ", high " + (r.high === null ? "open" : r.high) + ") ", T.el("span", { class: "muted" }, "— " + r.rule)));
  }
  if ((block.contested || []).length) {
    sec.appendChild(T.el("p", { class: "warn-line" }, "Claims disagree: " +
      block.contested.map((x) => x.claimants.join(" vs ")).join("; ")));
  }
  sec.appendChild(T.el("div", { class: "side-by-side" }, (block.claims || []).map((c) => claimCard(c, contested))));
  return sec;
}

function eventItem(e) {
  const claim = e.claim || {};
  const q = (e.quantities || []).map((x) => x.role + " " + T.figure(x) + " " + x.unit).join("; ");
  const firstQ = (e.quantities || [])[0];
  return T.el("li", { class: "event" },
    T.typeBadge(e.type), " ",
    T.el("strong", {}, e.outlet || (claim.reported_by || [])[0] || e.source || "report"),
    T.el("span", { class: "muted" }, " " + (e.published || "") + " · " + (claim.claimant || "unattributed")
      + " (" + (claim.modality || "asserted") + (claim.verb ? ", “" + claim.verb + "”" : "") + ")"),
    q ? T.el("div", { class: "qs" }, q) : null,
    T.el("blockquote", { class: "evidence" }, T.highlight(e.evidence && e.evidence.text, firstQ && firstQ.text),
      " ", docLink({ document_id: e.document_id, evidence: e.evidence })));
}

async function main() {
  const id = T.lastPathPart();
  const inc = await T.getJSON("/incidents/" + encodeURIComponent(id));
  document.title = (inc.place || "Incident") + " · tacitus";
  const title = document.getElementById("title");
  T.append(T.clear(title), [T.typeBadge(inc.type), " ", (inc.place || "place unknown") + (inc.country ? " (" + inc.country + ")" : "")]);
  document.getElementById("meta").textContent = T.when(inc.start, inc.end) + " · " + (inc.level || "") + "-level incident · "
    + (inc.events || (inc.member_events || []).length) + " event(s) from " + (inc.sources || inc.documents || "?") + " independent source(s)";
  const claims = document.getElementById("claims");
  const roles = (inc.claims && inc.claims.roles) || {};
  if (!Object.keys(roles).length) claims.appendChild(T.el("p", { class: "muted" }, "No figures were reported for this incident."));
  for (const [role, units] of Object.entries(roles))
    for (const [unit, block] of Object.entries(units)) claims.appendChild(roleBlock(role, unit, block));
  const list = document.getElementById("events");
  for (const e of inc.member_events || []) list.appendChild(eventItem(e));
  document.body.dataset.ready = "1";
}

main().catch((err) => { T.fail(document.getElementById("claims"), err); document.body.dataset.ready = "1"; });
