"""The standalone demo: the xblock-sdk workbench plus the plugin, on SQLite (``make demo``)."""
