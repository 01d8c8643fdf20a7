import pytest, json
from django.test import Client
from tests.attendance_app.permission_matrix_world import build_world
pytestmark = pytest.mark.django_db
def test_ck():
    w = build_world()
    a = w["arguments"]
    c = Client()
    body = '{"\\u00c3\\u00fa": [[7309, 8.89973442559737e+147], {}], "\\udb21\\udc01\\u000b": [false, null], "code": "aM3CCCjYelbWisp2"}'
    r = c.post(f"/api/attendance/v1/activities/{a['usage_key']}/slots/{a['slot_id']}/checkin/", data=body, content_type="application/json")
    print("STATUS", r.status_code, r.content[:300])
    r = c.post(f"/api/attendance/v1/activities/{a['usage_key']}/slots/{a['slot_id']}/checkin/", data='{"code": "abc"}', content_type="application/json")
    print("STATUS", r.status_code, r.content[:300])
