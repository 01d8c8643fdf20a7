"""The bounded load generator: one thread per learner, all sharing a fixed pool of HTTP connections.

A learner's thread sleeps until its next planned moment, takes a connection from the pool, sends
one request and reads the reply, as its page would: a beat every heartbeat while present, an
answer 1 to 4 seconds after a prompt it means to answer, the settling beat when a missed prompt's
countdown ends (roles that do it), a last beat before leaving, a claim at the end. Its requests
are sequential, so the server sees them in the order sent. At most ``connections`` requests are
in flight at any moment, whatever the number of learners: the load is bounded, and a slow server
makes beats late (which the expectation sees) instead of piling up requests.

Every request is stamped with integer microseconds just before sending and just after the reply
(``time.time_ns``, the clock the server's ``clock.now()`` reads).
"""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from tests.soak.expect import ANSWER, BEAT, SETTLE, Sent
from tests.soak.plans import Plan, Registration
from tests.soak.world import CLASSROOM_KEY, Account

API = "/api/attendance/v1"


def now_us() -> int:
    return time.time_ns() // 1000


def sleep_until(moment_us: int, stop: threading.Event) -> None:
    delay = (moment_us - now_us()) / 1e6
    if delay > 0:
        stop.wait(delay)


@dataclass(frozen=True)
class Call:
    kind: str
    status: int
    sent_us: int
    received_us: int

    @property
    def latency_ms(self) -> float:
        return (self.received_us - self.sent_us) / 1000


@dataclass
class Record:
    """Everything the learners sent and got back; each thread appends only its own entries."""

    calls: list[Call] = field(default_factory=list)
    presence: dict[int, list[Sent]] = field(default_factory=dict)
    claims: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # (status, units claimed now)
    registrations: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Pool:
    """A fixed number of HTTP/1.1 connections; a request waits for a free one."""

    def __init__(self, port: int, size: int, record: Record) -> None:
        self.record = record
        self.free: queue.Queue[http.client.HTTPConnection] = queue.Queue()
        for _ in range(size):
            self.free.put(http.client.HTTPConnection("127.0.0.1", port, timeout=60))

    def send(
        self, kind: str, method: str, path: str, account: Account, body: dict[str, Any] | None
    ) -> tuple[int, Any, int, int]:
        headers = {
            "Cookie": f"sessionid={account.session}; csrftoken={account.csrf}",
            "X-CSRFToken": account.csrf,
            "Accept": "application/json",
        }
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)
        connection = self.free.get()
        try:
            sent = now_us()
            try:
                connection.request(method, path, body=data, headers=headers)
                response = connection.getresponse()
                raw = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()  # reopened by the next request
                raw, status = b"", 0
                self.record.errors.append(f"{kind} {path}: {error!r}")
            received = now_us()
        finally:
            self.free.put(connection)
        self.record.calls.append(Call(kind, status, sent, received))
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        return status, payload, sent, received


class Learner:
    """One learner's page: beats, prompts, leaving and coming back, then the claim."""

    def __init__(self, plan: Plan, account: Account, pool: Pool, settings: dict[str, Any]) -> None:
        self.plan, self.account, self.pool = plan, account, pool
        self.token = account.token  # the last beat reply's, as the page keeps it (ADR 0034)
        self.heartbeat_us = int(settings["heartbeat_seconds"] * 1_000_000)
        self.allowed_us = settings["allowed_us"]
        self.t0 = settings["t0_us"]
        self.log: list[Sent] = []
        self.prompts = 0
        pool.record.presence[account.user_id] = self.log

    def _presence(self, kind: str, body: dict[str, Any]) -> tuple[int, Any, int]:
        path = f"{API}/presence/{'answer' if kind == ANSWER else 'beat'}/"
        status, reply, sent, received = self.pool.send(kind, "POST", path, self.account, body)
        reply = reply if isinstance(reply, dict) else {}
        if status == 200 and kind != ANSWER and isinstance(reply.get("token"), str):
            self.token = reply["token"]  # a beat's or a settle's renewed token signs the next beat in
        last = reply.get("last_prompt") or {}
        self.log.append(
            Sent(
                kind,
                sent,
                received,
                status,
                prompt=status == 200 and kind == BEAT and bool(reply.get("prompt")),
                missed_reported=last.get("outcome") == "missed",
            )
        )
        return status, reply, received

    def beat(self, next_beat_us: int, stop: threading.Event, *, present: bool = True) -> None:
        """One beat, and what the learner does about a prompt in its reply before ``next_beat_us``."""
        status, reply, received = self._presence(BEAT, {"token": self.token})
        prompt = reply.get("prompt") if status == 200 else None
        if not prompt:
            return
        self.prompts += 1
        if present and self.plan.answers_prompt(self.prompts):
            delay = self.plan.answer_delays[self.prompts % len(self.plan.answer_delays)]
            sleep_until(received + int(delay * 1_000_000), stop)
            self._presence(ANSWER, {"token": self.token, "nonce": prompt["nonce"]})
        elif present and self.plan.settles:
            settle_at = (
                received + self.allowed_us + 250_000
            )  # the page's countdown, grace and a quarter second
            if settle_at < next_beat_us - 1_000_000:
                sleep_until(settle_at, stop)
                self._presence(SETTLE, {"token": self.token, "settle": True})

    def run(self, stop: threading.Event) -> None:
        at = self.t0 + int(self.plan.start_s * 1_000_000)
        stop_at = self.t0 + int(self.plan.stop_s * 1_000_000)
        leaves = [(self.t0 + int(a * 1e6), self.t0 + int(b * 1e6)) for a, b in self.plan.leaves]
        while at <= stop_at and not stop.is_set():
            sleep_until(at, stop)
            following = at + self.heartbeat_us
            if leaves and following >= leaves[0][0]:
                leave_at, back_at = leaves.pop(0)
                self.beat(leave_at, stop)
                sleep_until(leave_at, stop)
                self.beat(back_at, stop, present=False)  # the page's last beat as the tab hides
                following = back_at
            else:
                self.beat(following, stop)
            at = max(following, now_us())
        if not stop.is_set():
            self.claim()

    def claim(self) -> None:
        path = f"{API}/activities/{quote(self.account.usage_key, safe=':+@')}/claims/"
        results: list[tuple[int, int]] = []
        self.pool.record.claims[self.account.user_id] = results

        def click() -> None:
            status, reply, _sent, _received = self.pool.send("claim", "POST", path, self.account, {})
            claimed = len(reply.get("claimed_now") or []) if isinstance(reply, dict) else 0
            results.append((status, claimed))

        if self.plan.double_claim:
            clicks = [threading.Thread(target=click) for _ in range(2)]
            for thread in clicks:
                thread.start()
            for thread in clicks:
                thread.join()
        else:
            click()


def registrar(
    registration: Registration,
    account: Account,
    slot_id: int,
    pool: Pool,
    t0_us: int,
    rush: threading.Barrier | None,
    stop: threading.Event,
) -> None:
    """One learner's registration (and its later unregistration) for one slot."""
    path = f"{API}/activities/{quote(str(CLASSROOM_KEY), safe=':+@')}/slots/{slot_id}/registration/"
    sleep_until(t0_us + int(registration.register_s * 1_000_000), stop)
    if stop.is_set():
        return
    if rush is not None:
        try:
            rush.wait(timeout=120)
        except threading.BrokenBarrierError:
            pool.record.errors.append(f"the rush for slot {slot_id} started without everyone")
    status, reply, _sent, _received = pool.send("register", "POST", path, account, None)
    entry = {
        "user_id": account.user_id,
        "slot_id": slot_id,
        "rush": registration.rush,
        "register_status": status,
        "registration": (reply or {}).get("status") if isinstance(reply, dict) else None,
        "unregister_status": None,
    }
    pool.record.registrations.append(entry)
    if registration.unregister_s is not None:
        sleep_until(t0_us + int(registration.unregister_s * 1_000_000), stop)
        if not stop.is_set():
            entry["unregister_status"] = pool.send("unregister", "DELETE", path, account, None)[0]


def warm_up(port: int, account: Account, connections: int, rounds: int = 10) -> dict[str, Any]:
    """Fill both workers' imports and caches before the load: rounds of concurrent reads, not recorded.

    A cold worker's first request imports every view (seconds): that is start-up, not the steady
    load the soak measures, and it would widen the first beats' bounds. Stops once a whole round
    answers within half a second.
    """
    record = Record()
    pool = Pool(port, connections, record)
    started = time.monotonic()
    done = 0
    while done < rounds:
        done += 1
        before = len(record.calls)
        clicks = [
            threading.Thread(target=pool.send, args=("warm", "GET", f"{API}/me/credits/", account, None))
            for _ in range(2 * connections)
        ]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join()
        if max(call.latency_ms for call in record.calls[before:]) < 500:
            break
    return {"rounds": done, "seconds": round(time.monotonic() - started, 1)}
