"""``make bench``: the heartbeat, the learner view, the CSV export and the dashboard, measured.

Never part of the suite's assertions: no module here is named ``test_*``, so pytest collects
nothing from this package. ``python -m tests.bench`` runs it (docs/performance.md).
"""
