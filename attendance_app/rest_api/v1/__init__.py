"""Version 1 of the REST API, under ``/api/attendance/v1/``."""
