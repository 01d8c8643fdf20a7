"""``python -m tests.soak`` (``make soak``): seed, serve, drive the learners, check, write soak/results.json.

Environment: ``SOAK_MINUTES`` (default 10) and ``SOAK_LEARNERS`` (default 500); ``SOAK_QUICK=1`` for
2 minutes and 50 learners; ``SOAK_CONNECTIONS`` (default 8) HTTP connections shared by all learners;
``SOAK_MYSQL_NAME`` (default ``attendance_soak``, recreated); ``SOAK_REDIS_URL`` (default Redis
database 12, flushed; empty: each worker's own memory). Exits 1 when a check fails.
See docs/quality.md, "Soak".
"""

from __future__ import annotations

import json
import os
import platform
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.soak.settings")
RESULTS = Path("soak/results.json")


def config() -> dict[str, Any]:
    quick = os.environ.get("SOAK_QUICK") == "1"
    learners = int(os.environ.get("SOAK_LEARNERS", "50" if quick else "500"))
    return {
        "quick": quick,
        "minutes": float(os.environ.get("SOAK_MINUTES", "2" if quick else "10")),
        "learners": learners,
        "connections": int(os.environ.get("SOAK_CONNECTIONS", "8")),
        "regular_slots": max(2, learners // 50),
        "gunicorn_workers": 2,
    }


def redis_usable() -> bool:
    """Whether the soak's Redis answers; without it the workers keep their cache in memory."""
    url = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/12")
    if not url:
        return False
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:
        os.environ["SOAK_REDIS_URL"] = ""
        return False
    return True


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
    return total / 1024


def sample(
    master: int, slot_ids: list[int], t0: float, stop: threading.Event, out: dict[str, list[Any]]
) -> None:
    """Every 10 s: the workers' resident memory and each slot's registered learners."""
    from django.db import connection
    from django.db.models import Count

    from attendance_app.models import Registration, RegistrationStatus
    from tests.bench.load import children

    while not stop.wait(max(0.0, 10 - (time.time() - t0) % 10)):
        at = time.time() - t0
        if at < 0:
            continue
        workers = children(master)
        out["rss"].append((round(at, 1), round(rss_mb(workers), 1), len(workers)))
        counts = (
            Registration.objects.filter(slot_id__in=slot_ids, status=RegistrationStatus.REGISTERED)
            .values("slot_id")
            .annotate(n=Count("id"))
        )
        out["seats"].append({str(row["slot_id"]): row["n"] for row in counts})
    connection.close()


def run(settings: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection

    from attendance_app import conf
    from tests.bench import load
    from tests.soak import checks, driver, plans, world

    threading.stack_size(512 * 1024)
    duration = settings["minutes"] * 60
    heartbeat = conf.heartbeat_seconds()
    settings["heartbeat_seconds"] = heartbeat
    learners = settings["learners"]
    numbers = [plans.plan_for(n, duration, heartbeat) for n in range(learners)]
    started = time.monotonic()
    cache.clear()
    built = world.build(
        learners,
        {plan.number for plan in numbers if plan.lenient},
        settings["regular_slots"],
        plans.slot_capacity(learners, settings["regular_slots"]),
        plans.contested_capacity(learners),
    )
    settings["allowed_us"] = built.allowed_us
    connection.close()
    print(f"== seeded {learners} learners in {time.monotonic() - started:.0f} s", flush=True)
    soak_env = load.server_env("mysql") | {"DJANGO_SETTINGS_MODULE": "tests.soak.settings"}
    server = load.Server(soak_env, log_level="info")
    record = driver.Record()
    stop = threading.Event()
    samples: dict[str, list[Any]] = {"rss": [], "seats": []}
    try:
        settings["warm_up"] = driver.warm_up(server.port, built.accounts[0], settings["connections"])
        t0_us = driver.now_us() + 3_000_000
        settings["t0_us"] = t0_us
        pool = driver.Pool(server.port, settings["connections"], record)
        threads = [
            threading.Thread(target=driver.Learner(plan, account, pool, settings).run, args=(stop,))
            for plan, account in zip(numbers, built.accounts, strict=True)
        ]
        planned = plans.registrations(learners, settings["regular_slots"], duration)
        rush = threading.Barrier(sum(1 for r in planned if r.rush) or 1)
        threads += [
            threading.Thread(
                target=driver.registrar,
                args=(
                    r,
                    built.accounts[r.number],
                    built.slot_ids[r.slot],
                    pool,
                    t0_us,
                    rush if r.rush else None,
                    stop,
                ),
            )
            for r in planned
        ]
        sampler_stop = threading.Event()
        sampler = threading.Thread(
            target=sample, args=(server.process.pid, built.slot_ids, t0_us / 1e6, sampler_stop, samples)
        )
        sampler.start()
        for thread in threads:
            thread.start()
        print(
            f"== {len(threads)} threads, {settings['connections']} connections, {duration / 60:g} minutes",
            flush=True,
        )
        deadline = time.monotonic() + duration + 180
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        stop.set()
        sampler_stop.set()
        sampler.join()
        server_exit = server.exit_code()  # None: it was up to the end
    finally:
        server.stop()
    verdicts = checks.Verdicts()
    expectations = checks.credit(built, record, settings, verdicts)
    checks.claims(built, record, expectations, verdicts)
    classroom = checks.seats(built, record, samples["seats"], verdicts)
    answered = checks.statuses(record, expectations, verdicts)
    memory = checks.memory([(at, mb) for at, mb, _n in samples["rss"]], duration, verdicts)
    verdicts.add(
        "server up",
        server_exit is None and all(n == settings["gunicorn_workers"] for _at, _mb, n in samples["rss"]),
        f"gunicorn {'up to the end' if server_exit is None else f'exited with {server_exit}'}; workers seen "
        f"per sample: {sorted({n for _at, _mb, n in samples['rss']})}",
    )
    t0_us = settings.pop("t0_us")
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()},
        "config": settings,
        "checks": verdicts.rows,
        "failures": verdicts.failures,
        "latency": checks.latency(record),
        "beat_latency_by_minute": checks.latency_by_minute(record, t0_us),
        "slowest": checks.slowest(record, t0_us),
        "statuses": answered,
        "classroom": classroom,
        "memory": {**memory, "samples": samples["rss"]},
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    return results, all(row["ok"] for row in verdicts.rows)


def summary(results: dict[str, Any]) -> str:
    from tests.bench.summary import table

    lines = [
        table(
            [[row["check"], "ok" if row["ok"] else "FAILED", row["detail"]] for row in results["checks"]],
            ["check", "result", "detail"],
        ),
        "",
        table(
            [
                [kind, f["requests"], f["p50_ms"], f["p99_ms"], f["max_ms"]]
                for kind, f in results["latency"].items()
            ],
            ["requests", "count", "p50 ms", "p99 ms", "max ms"],
        ),
    ]
    lines.append(
        "\nBeats per minute of the load (p50 / p99 ms): "
        + ", ".join(
            f"{m['minute']}: {m['p50_ms']} / {m['p99_ms']}" for m in results["beat_latency_by_minute"]
        )
    )
    for name, failures in results["failures"].items():
        lines.append(f"\n{name}: first failures")
        lines.extend(f"  {json.dumps(failure)}" for failure in failures[:5])
    return "\n".join(lines)


def main() -> None:
    if "--summary" in sys.argv:
        print(summary(json.loads(RESULTS.read_text())))
        return
    settings = config()
    settings["redis_cache"] = redis_usable()
    results, ok = run(settings)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(summary(results))
    print(
        f"\n{RESULTS} written ({results['minutes']} minutes): {'all checks pass' if ok else 'CHECKS FAILED'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
