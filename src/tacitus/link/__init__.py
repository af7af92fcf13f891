"""The claim ledger's core: near-duplicate documents, incidents, reconciled claims.

Pure functions over contract-shaped event dicts (``shared/spec/EVENTS.md``); the
store and the CLI call them and keep the results. Three jobs, a module each:

1. **Near-duplicate documents** (``link/families.py``): MinHash signatures of a
   report's text and an LSH index that files each report in the family of an
   earlier one it nearly repeats. A family counts as one source.
2. **Incidents** (``link/incidents.py``): ``link_events`` joins the events of
   many reports that tell of one happening, under place, time and side
   constraints; totals are related to their parts, never merged with them;
   manual merges and splits survive re-linking.
3. **Claims side by side** (``link/reconciliation.py``): ``reconcile`` lists
   every quantity claim of an incident by role and unit with all its sources,
   relates totals to their parts, gives a low / best / high with the rule used,
   and flags contested figures.

What they share (settings, type families, places in comparable form, event
keys) is in ``link/common.py``. The names below are the package's public API.
"""
from __future__ import annotations

from .common import event_key, settings, type_family
from .families import DuplicateIndex, estimate_jaccard, minhash_signature
from .incidents import Incident, Link, link_events, pairwise_prf, split_pairs
from .reconciliation import count_contested, reconcile

__all__ = [
    "minhash_signature", "estimate_jaccard", "DuplicateIndex",
    "Link", "Incident", "link_events", "split_pairs", "event_key", "pairwise_prf",
    "reconcile", "count_contested", "settings", "type_family",
]
