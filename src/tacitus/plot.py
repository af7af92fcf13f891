"""Charts of the claim ledger (matplotlib, Agg backend: no display needed).

``timeline``: one role's daily figures, one line per claimant (or outlet, or the
claimant's country), from the flat claim rows of ``Store.claims``; ``regions``:
incidents per region from ``Store.incidents``. Both write a PNG and return how
many series / bars they drew.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any, Iterable

_SERIES_KEY = {"claimant": "claimant", "outlet": "outlet", "country": "claimant_country"}
_ROLE_WORDS = {"launched": "launched", "intercepted": "intercepted / shot down", "hit": "hits",
               "killed": "killed", "injured": "injured", "missing": "missing", "captured": "captured"}


def _pyplot() -> Any:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def daily_series(rows: Iterable[dict[str, Any]], by: str = "claimant") -> dict[str, dict[date, int]]:
    """{series: {day: figure}}: per series, day (the last day of the event's
    window: a night counts on the morning it ends) and unit the largest figure given
    (a figure repeated by many reports, or a total and its parts, counts once),
    summed over units (drones + missiles)."""
    best: dict[tuple[str, date, str], int] = {}
    key = _SERIES_KEY[by]
    for r in rows:
        day = r.get("date_end") or r.get("date")
        if not day:
            continue
        name = r.get(key) or (", ".join(r.get("reported_by") or ()) if by == "outlet" else None) or "unattributed"
        k = (name, date.fromisoformat(day[:10]), r.get("unit") or "")
        best[k] = max(best.get(k, 0), int(r.get("value") or 0))
    out: dict[str, dict[date, int]] = defaultdict(dict)
    for (name, day, _unit), v in best.items():
        out[name][day] = out[name].get(day, 0) + v
    return dict(out)


def timeline(rows: list[dict[str, Any]], *, role: str, by: str = "claimant", output: str = "timeline.png",
             top: int = 8) -> int:
    """Draw one role's daily figures per claimant (or outlet / country) to ``output``."""
    plt = _pyplot()
    import matplotlib.dates as mdates

    series = daily_series(rows, by)
    ranked = sorted(series, key=lambda s: (-sum(series[s].values()), s))[:top]
    fig, ax = plt.subplots(figsize=(11, 5.5), dpi=110)
    days = sorted({d for s in ranked for d in series[s]})
    few = sum(len(series[s]) for s in ranked) <= 40
    taken: dict[tuple[date, int], int] = {}  # labels already at a point: the next one moves right
    for name in ranked:
        pts = sorted(series[name].items())
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        ax.plot(xs, ys, marker="o", linewidth=2, markersize=7, label=f"{name} (total {sum(ys):,})")
        if few:
            for x, y in pts:
                n = taken.get((x, y), 0)
                taken[(x, y)] = n + 1
                ax.annotate(f"{y:,}", (x, y), textcoords="offset points", xytext=(14 * n, 7), ha="center", fontsize=9)
    units = sorted({r.get("unit") or "" for r in rows} - {""})
    ax.set_title(f"{_ROLE_WORDS.get(role, role).capitalize()} per day, by {by}"
                 + (f" ({', '.join(units)})" if units else ""), fontsize=14, loc="left")
    ax.set_ylabel(f"{role} ({' + '.join(units) or 'count'}) per day")
    ax.set_xlabel(f"day (a night counts on the morning it ends); each {by}'s largest figure that day")
    if days:
        ax.set_xlim(days[0] - timedelta(days=1), days[-1] + timedelta(days=1))
        span = (days[-1] - days[0]).days + 2
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, span // 8)))  # whole days, never hours
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))
        ax.set_ylim(0, max(v for s in ranked for v in series[s].values()) * 1.18 + 1)
        ax.legend(title=by, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    else:
        ax.text(0.5, 0.5, f"no '{role}' figures match", transform=ax.transAxes, ha="center", fontsize=13)
    ax.grid(True, axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(output)
    plt.close(fig)
    return len(ranked)


def region_of(inc: dict[str, Any]) -> str:
    """The region an incident is counted under: its admin1, else its place, else its country."""
    if inc.get("level") == "country":
        from .export import country_name
        return f"{country_name(inc.get('country')) or inc.get('country')} (country-wide)"
    name = inc.get("admin1") or inc.get("place") or ""
    if not name:
        return ""
    return f"{name} ({inc['country']})" if inc.get("country") else name


def regions(incidents: list[dict[str, Any]], *, output: str = "regions.png", top: int = 15) -> int:
    """Draw incidents per region (contested ones stacked apart) to ``output``."""
    plt = _pyplot()
    total: Counter[str] = Counter()
    contested: Counter[str] = Counter()
    unplaced = 0
    for inc in incidents:
        r = region_of(inc)
        if not r:
            unplaced += 1
            continue
        total[r] += 1
        contested[r] += bool(inc.get("contested"))
    names = [n for n, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:top]][::-1]
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.45 * len(names) + 1.5)), dpi=110)
    plain = [total[n] - contested[n] for n in names]
    hot = [contested[n] for n in names]
    ax.barh(names, plain, color="#4c78a8", label="incidents")
    ax.barh(names, hot, left=plain, color="#e45756", label="with contested figures")
    for y, n in enumerate(names):
        ax.text(total[n] + 0.05, y, str(total[n]), va="center", fontsize=9)
    ax.set_title(f"Incidents per region (top {len(names)} of {len(total)} regions)", fontsize=14, loc="left")
    if unplaced:
        ax.text(1.0, 1.01, f"{unplaced} incidents without a place left out", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=9, color="gray")
    ax.set_xlabel("incidents (events of many reports linked into one)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(output)
    plt.close(fig)
    return len(names)
