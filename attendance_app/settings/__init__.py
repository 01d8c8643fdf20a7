"""Settings: ``common.plugin_settings`` for Open edX, ``test`` for the test suite."""
