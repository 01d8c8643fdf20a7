"""The pack's contents: manifest and sums that match, every prompt, the rules of claim time."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from attendance_app import api
from attendance_app.audit_pack.scope import PackScope
from attendance_app.models import Claim, PromptEvidence
from tests.attendance_app.audit_pack.helpers import T0, USAGE_KEY, attended, audited_activity, build, certify
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

DATA_FILES = ["roster.csv", "prompts.csv", "visits.csv", "claims.csv", "certificates.csv", "rules.json"]


@pytest.fixture
def activity(course_staff, org_admin):
    return audited_activity(course_staff, org_admin)


def test_the_manifest_and_sha256sums_match_every_file(activity):
    attendance = attended(activity, "ada")
    api.claim_credits(attendance.user_id, USAGE_KEY, T0 + timedelta(hours=2))
    certify(Claim.objects.get().id, "CODE0000000000AA")

    pack = build(PackScope(COURSE_KEY, activity=activity))

    assert sorted(pack.files) == sorted([*DATA_FILES, "manifest.json", "SHA256SUMS"])
    manifest = pack.manifest
    assert [entry["name"] for entry in manifest["files"]] == DATA_FILES
    for entry in manifest["files"]:
        data = pack.files[entry["name"]]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    rows = {entry["name"]: entry["rows"] for entry in manifest["files"]}
    assert rows == {
        "roster.csv": 1,
        "prompts.csv": 2,
        "visits.csv": 2,
        "claims.csv": 1,
        "certificates.csv": 1,
        "rules.json": 1,
    }
    assert all(rows[name] == len(pack.csv(name)) for name in DATA_FILES if name.endswith(".csv"))
    sums = pack.files["SHA256SUMS"].decode().splitlines()
    assert len(sums) == len(DATA_FILES) + 1
    for line in sums:  # sha256sum -c: "<hex>  <name>"
        digest, name = line.split("  ")
        assert digest == hashlib.sha256(pack.files[name]).hexdigest()
    assert manifest["what"]["activity"] == str(USAGE_KEY)
    assert manifest["filters"] == {"activity": str(USAGE_KEY)}
    assert manifest["requested_by"] == {"user_id": 1, "username": "auditor"}
    assert manifest["generator"]["version"]
    assert manifest["generated_at"] == "2026-11-03T10:00:00.000+00:00"


def test_the_prompts_file_has_the_answered_prompt_with_its_latency_and_the_missed_one(activity):
    attended(activity, "ada")

    answered, missed = build(PackScope(COURSE_KEY, activity=activity)).csv("prompts.csv")

    assert answered["Answered"] == "yes"
    assert answered["Shown at (UTC)"] == "2026-11-02T10:05:00.000+00:00"
    assert answered["Deadline (UTC)"] == "2026-11-02T10:05:12.000+00:00"
    assert answered["Answered at (UTC)"] == "2026-11-02T10:05:01.250+00:00"
    assert answered["Latency (ms)"] == "1250"
    assert (answered["Kind"], answered["Outcome"]) == ("regular", "answered")
    assert missed["Answered"] == "no"
    assert (missed["Answered at (UTC)"], missed["Latency (ms)"]) == ("", "")
    assert (missed["Kind"], missed["Outcome"]) == ("final", "missed")
    assert missed["Username"] == "ada"


def test_a_prompt_shown_before_kinds_were_kept_says_so(activity):
    attended(activity, "ada")
    PromptEvidence.objects.update(kind="")

    rows = build(PackScope(COURSE_KEY, activity=activity)).csv("prompts.csv")

    assert {row["Kind"] for row in rows} == {"unrecorded"}


def test_the_roster_has_each_learners_time_and_credits_per_unit(activity):
    attended(activity, "ada")

    (row,) = build(PackScope(COURSE_KEY, activity=activity)).csv("roster.csv")

    assert (row["Time"], row["Confirmed time"], row["Confirmed seconds"]) == (
        "01:00:00",
        "01:00:00",
        "3600.000000",
    )
    assert row["Computed units"] == "1.2 CPE"  # 60 minutes of 50-minute CPE, in fifths, rounded down
    assert (row["Hits"], row["Misses"], row["Rejoins"]) == ("1", "1", "1")
    assert row["First join (UTC)"] == "2026-11-02T10:00:00.000+00:00"


def test_visits_list_the_closed_ones_then_the_last(activity):
    attended(activity, "ada")

    closed, last = build(PackScope(COURSE_KEY, activity=activity)).csv("visits.csv")

    assert (closed["Visit"], closed["Duration"]) == ("closed", "00:10:00")
    assert (last["Visit"], last["Started at (UTC)"], last["Duration"]) == (
        "last",
        "2026-11-02T10:20:00.000+00:00",
        "00:50:00",
    )


def test_the_rules_are_those_of_claim_time_after_the_rules_change(activity, org_admin):
    attendance = attended(activity, "ada")
    api.claim_credits(attendance.user_id, USAGE_KEY, T0 + timedelta(hours=2))
    unit = activity.unit_rules.get().unit
    api.update_unit(org_admin.id, unit.id, {"minutes": 40, "name": "Renamed later"})

    pack = build(PackScope(COURSE_KEY, activity=activity))

    rules = pack.json("rules.json")
    (claimed,) = rules["claims"]
    assert claimed["rules_from"] == "claim time"
    assert claimed["rules"]["unit"]["minutes"] == 50
    assert claimed["rules"]["unit"]["name"] == "Continuing Professional Education"
    assert claimed["rules"]["template"]["key"] == "cpe"
    assert claimed["rules"]["template"]["minimum_credit"] == "1.0"
    assert claimed["rules"]["activity"]["mode"] == "recorded"
    assert claimed["rules"]["taken_at"] == "2026-11-02T12:00:00+00:00"
    assert "callback_secret" not in claimed["rules"]["unit"]
    (today,) = rules["current_rules"]
    assert today["rules"][0]["unit"]["minutes"] == 40
    assert pack.manifest["rules"]["claims_with_rules_of_claim_time"] == 1
    assert pack.manifest["rules"]["claims_with_current_rules"] == 0
    assert pack.csv("claims.csv")[0]["Rules"] == "claim time"


def test_a_claim_older_than_snapshots_gets_todays_rules_and_the_manifest_says_so(activity):
    attendance = attended(activity, "ada")
    api.claim_credits(attendance.user_id, USAGE_KEY, T0 + timedelta(hours=2))
    Claim.objects.update(rules_snapshot=None)

    pack = build(PackScope(COURSE_KEY, activity=activity))

    (claimed,) = pack.json("rules.json")["claims"]
    assert claimed["rules_from"] == "current"
    assert claimed["rules"]["taken_at"] is None
    assert claimed["rules"]["unit"]["acronym"] == "CPE"
    assert pack.manifest["rules"]["claims_with_current_rules"] == 1
    assert pack.manifest["rules"]["claims_with_current_rules_ids"] == [claimed["claim_id"]]
    assert "current" in pack.manifest["rules"]["note"]
    assert pack.csv("claims.csv")[0]["Rules"] == "current"


def test_a_raised_claim_keeps_the_rules_it_was_raised_under(activity, org_admin):
    attendance = attended(activity, "ada")
    api.claim_credits(attendance.user_id, USAGE_KEY, T0 + timedelta(hours=2))
    unit = activity.unit_rules.get().unit
    api.update_unit(org_admin.id, unit.id, {"minutes": 30})
    api.claim_credits(attendance.user_id, USAGE_KEY, T0 + timedelta(hours=3))  # 60 min of 30: 2.0

    claim = Claim.objects.get()
    assert claim.units == 2
    assert claim.rules_snapshot["unit"]["minutes"] == 30
    assert claim.rules_snapshot["taken_at"] == "2026-11-02T13:00:00+00:00"


def test_a_formula_in_a_learners_name_is_neutralised(activity):
    attendance = attended(activity, "mallory", first_name='=HYPERLINK("https://evil.example")')
    api.claim_credits(attendance.user_id, USAGE_KEY, T0 + timedelta(hours=2))

    pack = build(PackScope(COURSE_KEY, activity=activity))

    assert pack.csv("roster.csv")[0]["Person"].startswith('\'=HYPERLINK("https://evil.example")')
    assert pack.csv("claims.csv")[0]["Person"].startswith('\'=HYPERLINK("https://evil.example")')


def test_a_course_pack_keeps_what_happened_in_its_range(activity):
    attended(activity, "ada", prompts=4)  # shown at 10:05, 10:25, 10:45, 11:05 on 2 November
    later = PromptEvidence.objects.order_by("shown_at").last()
    later.shown_at += timedelta(days=40)
    later.save()

    pack = build(PackScope(COURSE_KEY, start=date(2026, 11, 1), end=date(2026, 11, 30)))

    assert len(pack.csv("prompts.csv")) == 3
    assert len(pack.csv("roster.csv")) == 1
    assert pack.manifest["filters"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert pack.manifest["what"]["scope"] == "course"
    empty = build(PackScope(COURSE_KEY, start=date(2026, 12, 1), end=date(2026, 12, 31)))
    assert [len(empty.csv(name)) for name in ("roster.csv", "visits.csv", "claims.csv")] == [0, 0, 0]
    assert len(empty.csv("prompts.csv")) == 1


@pytest.mark.parametrize(
    ("course_wide", "expected"),
    [
        (False, 9),
        (True, 10),
    ],  # roster 2, prompts 1, visits 2, claims 1, certificates 1, rules 2 (+ activities)
)
def test_the_query_count_does_not_grow_with_the_pack(activity, course_wide, expected):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scope = (
        PackScope(COURSE_KEY, start=date(2026, 11, 1), end=date(2026, 11, 30))
        if course_wide
        else PackScope(COURSE_KEY, activity=activity)
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build(scope)
        return len(captured)

    for index in range(2):
        attendance = attended(activity, f"small{index}")
        api.claim_credits(attendance.user_id, USAGE_KEY, T0 + timedelta(hours=2))
    small = queries()
    for index in range(8):
        attendance = attended(activity, f"large{index}", prompts=5)
        api.claim_credits(attendance.user_id, USAGE_KEY, T0 + timedelta(hours=2))
        certify(Claim.objects.get(user_id=attendance.user_id).id, f"CODE{index:012d}")
    large = queries()

    assert small == large == expected
