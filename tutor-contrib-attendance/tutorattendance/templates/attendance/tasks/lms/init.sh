# Attendance & Credits: create or upgrade the app's tables (idempotent).
./manage.py lms migrate attendance_app --noinput
