"""Options several CLI modules share (kept apart so that they import it, not each other)."""
from __future__ import annotations

from typing import Any

import click


def event_filters(f: Any) -> Any:
    """The event filters of ``events``, ``export``, ``incidents`` and ``claims`` (applied
    last first, so that --help lists them as: type, country, since, until, claimant, text)."""
    f = click.option("--text", help="Words in the evidence sentence.")(f)
    f = click.option("--claimant", help="Part of the claimant's name (ministry, Sobyanin ...).")(f)
    f = click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="On or before this date.")(f)
    f = click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="On or after this date.")(f)
    f = click.option("--country", help="ISO country code of a place, the attacker or the target (RU, UA ...).")(f)
    f = click.option("--type", "type_", help="Event type (attack, interception, clash, talks ...).")(f)
    return f


def filters(type_, country, since, until, claimant, text) -> dict[str, Any]:
    """The store's filter arguments from the options above."""
    return {"type": type_, "country": country,
            "since": since.date() if since else None, "until": until.date() if until else None,
            "claimant": claimant, "text": text}
