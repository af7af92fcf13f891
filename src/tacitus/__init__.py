"""tacitus: news reports about armed conflict in, a geocoded, source-attributed event ledger out.

*sine ira et studio* - every number keeps who claimed it.
"""
__version__ = "0.1.0"
