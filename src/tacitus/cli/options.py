"""The event filters several verbs share (events, export, claims, plot, incidents)."""
from __future__ import annotations

from typing import Any

import click


class NearType(click.ParamType):
    """``LAT,LON,KM``: a point in degrees and a radius in kilometres."""
    name = "LAT,LON,KM"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from ..store.spatial import Near, parse_near
        if isinstance(value, Near):
            return value
        try:
            return parse_near(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def event_filters(f: Any) -> Any:
    """The event filters of ``events``, ``export``, ``incidents`` and ``claims`` (applied
    last first, so that --help lists them as: type, country, since, until, claimant, text, near)."""
    f = click.option("--near", type=NearType(), default=None,
                     help="Events with a place within KM kilometres of LAT,LON (e.g. 50.45,30.52,25; "
                          "write --near=-33.9,18.4,10 for a negative latitude).")(f)
    f = click.option("--text", help="Words in the evidence sentence.")(f)
    f = click.option("--claimant", help="Part of the claimant's name (ministry, Sobyanin ...).")(f)
    f = click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="On or before this date.")(f)
    f = click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="On or after this date.")(f)
    f = click.option("--country", help="ISO country code of a place, the attacker or the target (RU, UA ...).")(f)
    f = click.option("--type", "type_", help="Event type (attack, interception, clash, talks ...).")(f)
    return f


def filters(type_, country, since, until, claimant, text, near=None) -> dict[str, Any]:
    """The store's filter arguments from the options above."""
    return {"type": type_, "country": country,
            "since": since.date() if since else None, "until": until.date() if until else None,
            "claimant": claimant, "text": text, "near": near}


def time_budget(f: Any) -> Any:
    """``--time-budget SECONDS`` (``$TACITUS_TIME_BUDGET``) of ``extract`` and ``ingest``."""
    from ..budget import DEFAULT_TIME_BUDGET
    return click.option("--time-budget", "budget", type=click.FloatRange(min=0), envvar="TACITUS_TIME_BUDGET",
                        default=DEFAULT_TIME_BUDGET, show_default=True,
                        help="CPU seconds one document may take to extract; past it the document is rejected "
                             "('extraction exceeded N s') and the rest go on. 0: no limit. "
                             "Also $TACITUS_TIME_BUDGET.")(f)
