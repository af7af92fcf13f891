"""The claim ledger's commands: incidents, incident, link.

    tacitus incidents --contested --limit 5      incidents, with the events' filters
    tacitus incident --most-contested            one incident's card: every claim side by side
    tacitus incident 3f2a                        (a unique id prefix is enough)
    tacitus incidents merge A B                  a manual merge, kept and re-applied
    tacitus incidents split ID DOC:EVENT ...     a manual split, kept and re-applied
    tacitus incidents undo 3                     withdraw decision 3 (it stays recorded)
    tacitus link                                 re-link the whole ledger now

``ingest`` links the ledger after storing (cli/extract.py); ``claims`` and
``plot`` read the claims (cli/query.py).
"""
from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from .common import examples, fmt_figure, note_unlinked, open_store, out
from .options import event_filters as _event_filters
from .options import filters as _filters


def _when(inc: dict[str, Any]) -> str:
    if not inc.get("start"):
        return "undated"
    return inc["start"] if inc["start"] == inc["end"] else f"{inc['start']}..{inc['end'][5:]}"


@click.group(invoke_without_command=True, epilog=examples(
    "tacitus incidents --contested --limit 5",
    "tacitus incidents --country UA --since 2025-09-01 --format jsonl",
    "tacitus incidents merge inc-3f2a inc-9b1c --reason 'same strike, other spelling'",
    "tacitus incidents split inc-3f2a 013c1a52:e1",
    "tacitus incidents history",
))
@_event_filters
@click.option("--contested", is_flag=True, help="Only incidents whose claims contest each other.")
@click.option("--level", type=click.Choice(["place", "region", "country", "none"]), help="Only this level.")
@click.option("--place", help="Part of the incident's place name.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many incidents (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_context
def incidents(ctx, type_, country, since, until, claimant, text, near, contested, level, place, limit, fmt) -> None:
    """List incidents: events of many reports linked together (with the events'
    filters; an incident matches when one of its events does)."""
    if ctx.invoked_subcommand is not None:
        return
    filters = dict(_filters(type_, country, since, until, claimant, text, near), contested=contested or None,
                   level=level, place=place)
    with open_store(ctx) as store:
        rows = store.incidents(**filters, limit=limit or None)
        total = store.count_incidents(**filters)
        note_unlinked(store)
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    t = Table(title=f"incidents ({len(rows)} of {total})")
    for col in ("id", "when", "where", "level", "type", "events", "sources", "claimants", "top figure", "contested"):
        t.add_column(col, overflow="fold")
    for r in rows:
        where = ", ".join(x for x in (r.get("place"), r.get("country")) if x) or "?"
        t.add_row(r["id"][:12], _when(r), escape(where), r["level"], r.get("type") or r["family"],
                  str(r["events"]), str(r["sources"]),
                  escape(", ".join(c for c in r.get("claimants") or () if c != "unattributed")),
                  str(r.get("numbers") or ""), f"[bold red]{r['contested']}[/]" if r.get("contested") else "")
    out.print(t)


@incidents.command("merge")
@click.argument("a")
@click.argument("b")
@click.option("--reason", help="Why (kept in the decision and the history).")
@click.pass_context
def merge_cmd(ctx, a: str, b: str, reason: str | None) -> None:
    """Merge incident A and incident B for good (kept across re-links; `undo` withdraws it)."""
    with open_store(ctx, write=True) as store:
        try:
            done = store.merge_incidents(a, b, reason)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    out.print(f"merged {done['from'][0]} and {done['from'][1]} into {done['incident']} "
              f"(decision {done['decision']})", highlight=False)


@incidents.command("split")
@click.argument("incident_id")
@click.argument("event_keys", nargs=-1, required=True)
@click.option("--reason", help="Why (kept in the decision and the history).")
@click.pass_context
def split_cmd(ctx, incident_id: str, event_keys: tuple[str, ...], reason: str | None) -> None:
    """Split events (DOCUMENT_ID:EVENT_ID, a unique id prefix is enough) off an incident, for good."""
    with open_store(ctx, write=True) as store:
        try:
            done = store.split_incident(incident_id, event_keys, reason)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    out.print(f"split {done['from']} into {' and '.join(done['incidents'])} (decision {done['decision']})",
              highlight=False)


@incidents.command("undo")
@click.argument("decision_id", type=int)
@click.pass_context
def undo_cmd(ctx, decision_id: int) -> None:
    """Withdraw a manual merge or split (it stays recorded as undone)."""
    with open_store(ctx, write=True) as store:
        try:
            stats = store.undo_decision(decision_id)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    out.print(f"decision {decision_id} undone; {stats.incidents} incidents", highlight=False)


@incidents.command("history")
@click.argument("incident_id", required=False)
@click.option("--limit", type=int, default=50, show_default=True)
@click.pass_context
def history_cmd(ctx, incident_id: str | None, limit: int) -> None:
    """The link runs, merges, splits and undos, oldest first (or those naming one incident)."""
    with open_store(ctx) as store:
        rows = store.history(incident_id) if incident_id else store.history()
        decisions = store.decisions()
    t = Table(title="incident history")
    for col in ("#", "at", "action", "incident", "detail"):
        t.add_column(col, overflow="fold")
    for r in rows[-limit:]:
        d = r["detail"]
        brief = {k: d[k] for k in ("from", "decision", "reason", "incidents", "added", "removed", "events")
                 if k in d and d[k] is not None}
        t.add_row(str(r["id"]), r["at"], r["action"], r["incident_id"] or "", escape(json.dumps(brief)))
    out.print(t)
    if decisions and not incident_id:
        d = Table(title="decisions")
        for col in ("#", "kind", "events", "reason", "made", "undone"):
            d.add_column(col, overflow="fold")
        for x in decisions:
            keys = f"{x['a']} + {x['b']}" if x["kind"] == "merge" else f"{', '.join(x['split_off'])} off"
            d.add_row(str(x["id"]), x["kind"], keys, escape(x["reason"] or ""), x["made_at"], x["undone_at"] or "")
        out.print(d)


# --------------------------------------------------------------------------- one incident
@click.command(epilog=examples(
    "tacitus incident --most-contested",
    "tacitus incident inc-df3e                    # a unique id prefix is enough",
    "tacitus incident df3e930861a15e8d --format json",
))
@click.argument("incident_id", required=False)
@click.option("--most-contested", is_flag=True, help="The incident with the most contested claims.")
@click.option("--format", "fmt", type=click.Choice(["card", "json"]), default="card", show_default=True)
@click.pass_context
def incident(ctx, incident_id: str | None, most_contested: bool, fmt: str) -> None:
    """One incident: what, where, when, every claim side by side with its claimant,
    outlets, qualifier and sentence, and the reconciled figures."""
    with open_store(ctx) as store:
        if most_contested:
            incident_id = store.most_contested()
            if incident_id is None:
                raise click.ClickException("no incident has contested claims")
        if not incident_id:
            raise click.ClickException("name an incident (id or unique prefix) or use --most-contested")
        inc = store.incident(incident_id)
        note_unlinked(store)
        if inc is None:
            moved = [h for h in store.history(incident_id) if h["incident_id"] != incident_id]
            hint = f" (see `tacitus incidents history {incident_id}`)" if moved else ""
            raise click.ClickException(f"no incident (or no unique one) with id {incident_id!r}{hint}")
    if fmt == "json":
        sys.stdout.write(json.dumps(inc, ensure_ascii=False) + "\n")
        return
    print_card(inc)


def print_card(inc: dict[str, Any]) -> None:
    """The readable card of one incident (as ``Store.incident`` returns it)."""
    events = inc["member_events"]
    outlets_of = {e["document_id"]: e.get("outlet") for e in events + inc.get("part_events", [])}
    where = ", ".join(dict.fromkeys(x for x in (inc.get("place"), inc.get("admin1"), inc.get("country")) if x)) \
        or "place unknown"
    out.rule(f"[bold]{escape(inc['id'])}[/]  {escape(where)}  {_when(inc)}")
    types = sorted({e["type"] for e in events})
    weapons = sorted({w for e in events for w in e.get("weapons") or ()})
    sides = _sides(events)
    out.print(f"[bold]what[/]   {', '.join(types)}" + (f" ({', '.join(weapons)})" if weapons else "")
              + (f"; {escape(sides)}" if sides else ""), highlight=False)
    out.print(f"[bold]where[/]  {escape(where)} ({inc['level']}-level"
              + (f", {inc['lat']:.3f}, {inc['lon']:.3f}" if inc.get("lat") is not None else "") + ")", highlight=False)
    out.print(f"[bold]when[/]   {_when(inc)}", highlight=False)
    out.print(f"[bold]from[/]   {inc['events']} events in {inc['documents']} reports, {inc['sources']} independent "
              f"sources (near-duplicate copies count once)", highlight=False)
    if inc.get("parts"):
        out.print(f"[bold]parts[/]  {len(inc['parts'])} finer incidents, related, never added: "
                  + ", ".join(p[:12] for p in inc["parts"]), highlight=False)
    if inc.get("part_of"):
        out.print("[bold]part of[/] " + ", ".join(inc["part_of"]), highlight=False)
    roles = inc["claims"]["roles"]
    if not roles:
        out.print("[dim]no figures were reported for this incident[/]")
    for role, units in roles.items():
        for unit, block in units.items():
            _print_claims_block(role, unit, block, outlets_of)
    _print_sources(inc)
    _print_links(inc)
    if inc.get("decisions"):
        out.print("[bold]manual decisions[/]: " + "; ".join(
            f"#{d['id']} {d['kind']}" + (f" ({escape(d['reason'])})" if d.get("reason") else "")
            + (" [undone]" if d.get("undone_at") else "") for d in inc["decisions"]), highlight=False)


def _sides(events: list[dict[str, Any]]) -> str:
    att = next(((e.get("attacker") or {}).get("name") for e in events if e.get("attacker")), None)
    tgt = next(((e.get("target") or {}).get("name") for e in events if e.get("target")), None)
    if att or tgt:
        return f"{att or '?'} -> {tgt or '?'}"
    return ""


def _print_claims_block(role: str, unit: str, block: dict[str, Any], outlets_of: dict[str, Any]) -> None:
    """One role and unit: the claims side by side in a table, then each claim's
    sentence, the reconciled figures, totals and their parts, and contested pairs."""
    contested_ids = {c for pair in block["contested"] for c in pair["claims"]}
    t = Table(title=f"{role} ({unit})", title_justify="left", title_style="bold")
    for col in ("", "figure", "place", "claimant", "modality", "qualifier", "outlets", "sources"):
        t.add_column(col, overflow="fold", justify="right" if col in ("figure", "sources") else "left",
                     max_width=40 if col == "outlets" else None)
    for c in block["claims"]:
        who = (c.get("claimant") or "unattributed") + (f" ({c['claimant_country']})" if c.get("claimant_country") else "")
        figure = fmt_figure(c)
        t.add_row(c["id"], f"[bold red]{figure}[/]" if c["id"] in contested_ids else figure,
                  escape(c.get("place") or "?"), escape(who), c["modality"], c["qualifier"],
                  escape(", ".join(_claim_outlets(c, outlets_of))), str(c["sources"]))
    out.print(t)
    for c in block["claims"]:
        for n, m in enumerate(c["mentions"][:2]):
            label = c["id"] if n == 0 else ""
            out.print(f"  [dim]{label:>3}[/] \u201c{escape(m['evidence']['text'])}\u201d "
                      f"[dim]({escape(outlets_of.get(m['document_id']) or _short(m.get('source')))})[/]",
                      highlight=False)
        if len(c["mentions"]) > 2:
            out.print(f"      [dim]... and {len(c['mentions']) - 2} more reports of this claim[/]")
    rec = block.get("reconciled")
    if rec:
        hi = "open" if rec["high"] is None else rec["high"]
        out.print(f"  [bold]reconciled[/] low {rec['low']}  [bold]best {rec['best']}[/]  high {hi}  "
                  f"[dim]({escape(rec['rule'])}; claims used {', '.join(rec['claims_used'])})[/]", highlight=False)
    for r in block["relations"]:
        out.print(f"  [cyan]{r['aggregate']} is a total that contains {r['component']}[/] "
                  f"[dim]({escape(r['reason'])})[/]", highlight=False)
    for x in block["contested"]:
        out.print(f"  [bold red]CONTESTED[/] at {escape(x['place'] or '?')}: "
                  f"{escape(x['claimants'][0])} ({x['claims'][0]}) vs {escape(x['claimants'][1])} ({x['claims'][1]})",
                  highlight=False)
    out.print()


def _short(source: str | None) -> str:
    """A file path's name, or the source as given."""
    return (source or "").replace("\\", "/").rsplit("/", 1)[-1]


def _claim_outlets(c: dict[str, Any], outlets_of: dict[str, Any]) -> list[str]:
    """The outlets a claim reached us through: the reporting outlets named in the
    text, then each report's own outlet (its file name when unknown)."""
    names = [*c.get("reported_by", []), *(outlets_of.get(m["document_id"]) or _short(m.get("source"))
                                          for m in c["mentions"])]
    return [n for n in dict.fromkeys(names) if n]


def _print_sources(inc: dict[str, Any]) -> None:
    t = Table(title="sources (near-duplicate families count once)", title_justify="left")
    for col in ("family", "document", "outlet", "published", "url / source", "similarity"):
        t.add_column(col, overflow="fold")
    for fam in inc.get("sources_detail") or ():
        for d in fam["documents"]:
            t.add_row(fam["family_id"][:8], d["id"][:8], escape(d.get("outlet") or ""), d.get("published") or "",
                      escape(d.get("url") or d.get("source") or ""), f"{d['similarity']:.2f}")
    out.print(t)


def _print_links(inc: dict[str, Any]) -> None:
    if not inc.get("links"):
        return
    t = Table(title="why these events are linked", title_justify="left")
    for col in ("a", "b", "score", "reasons"):
        t.add_column(col, overflow="fold")
    for l in inc["links"]:
        t.add_row(l["a"][:8] + ":" + l["a"].split(":")[-1], l["b"][:8] + ":" + l["b"].split(":")[-1],
                  f"{l['score']:.2f}", escape("; ".join(l["reasons"])))
    out.print(t)


# --------------------------------------------------------------------------- link
@click.command(epilog=examples(
    "tacitus link            # link what was stored since the last run (ingest does this itself)",
    "tacitus link --full     # rebuild every family and incident from the stored reports",
))
@click.option("--full", is_flag=True, help="Rebuild every near-duplicate family and incident from scratch "
                                            "(the same ledger an incremental run gives, computed the long way).")
@click.pass_context
def link(ctx, full: bool) -> None:
    """Link the ledger: near-duplicate families and incidents for the reports
    stored since the last run (only the incidents their events can join are
    re-linked), manual merges and splits re-applied. Also upgrades an older
    ledger's schema."""
    with open_store(ctx, write=True) as store:
        stats = store.relink(full=full)
    t = Table(title="link", show_header=False)
    for label, value in (("events", stats.events), ("documents", stats.documents),
                         ("new documents signed", stats.new_documents), ("sources (families)", stats.families),
                         ("incidents", stats.incidents), ("with contested figures", stats.contested),
                         ("new incident ids", stats.added), ("incident ids gone", stats.removed),
                         ("seconds", f"{stats.seconds:.2f}")):
        t.add_row(label, str(value))
    out.print(t)
