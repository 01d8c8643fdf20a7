"""xAPI statements for the app's tracking events, for Open edX Aspects (event-routing-backends).

Importing this package never imports event-routing-backends: :mod:`attendance_app.xapi.constants`
holds the event names, verbs and IRIs, and :func:`attendance_app.xapi.registration.register_transformers`
imports :mod:`attendance_app.xapi.transformers` (which subclasses event-routing-backends' classes)
only when that app is installed.
"""
