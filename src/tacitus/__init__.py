"""tacitus: news reports about armed conflict in, a geocoded, source-attributed event ledger out.

*sine ira et studio* - every number keeps who claimed it.
"""
__version__ = "0.1.0"


def open(db=None):  # noqa: A001 - ``tacitus.open("tacitus.db")`` reads naturally
    """The ledger at ``db`` as DataFrames: ``tacitus.open("tacitus.db").incidents()``
    (see :mod:`tacitus.api`; pandas is imported only when used)."""
    from .api import open as _open
    return _open(db)
