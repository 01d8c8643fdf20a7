"""``make soak``: 500 simulated learners against the project under gunicorn on MariaDB for 10 minutes.

Never part of the suite: no module here is named ``test_*``. ``python -m tests.soak`` runs it; the
pure expectation calculator (:mod:`tests.soak.expect`) is checked by ``tests/test_soak_expect.py``.
See docs/quality.md, "Soak".
"""
