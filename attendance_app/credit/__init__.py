"""Crediting arithmetic: pure functions with no ORM, no settings and no clock.

Everything here takes time, randomness and configuration as arguments so it can be tested exhaustively
(hypothesis) and fast. ``attendance_app.api`` reads and writes the database around these functions.

* :mod:`.heartbeats` — seconds credited by one heartbeat, clipped to a live window.
* :mod:`.video` — union of distinct seconds played in an HTML5 video, "viewed to the end".
* :mod:`.prompts` — prompt interval, irregular prompt moments, response deadline.
* :mod:`.units` — computed units from confirmed seconds, ``HH:MM:ss`` display.
* :mod:`.ledger` — confirmed / pending / discarded bookkeeping as a state machine.
"""
