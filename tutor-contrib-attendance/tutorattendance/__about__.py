# Kept equal to the version of openedx-attendance-credits that this plugin installs.
__version__ = "0.1.0"
