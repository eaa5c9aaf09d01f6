#!/usr/bin/env python3
"""GetAgentState through Python zeep against a running WFM simulator: the peer figures of
the wfm-sim benchmark (`cargo bench -p wfm-sim --bench get_agent_state`).

zeep loads the bundled WSDLs (wsdl/*.wsdl) from disk and runs the same cloud flow as the Rust
SDK: a GAuth token (password grant, HTTP Basic client credentials), WFM userinfo for the user
id, LocateServer, OpenSession, then GetAgentState at the ScheduleService852 URL of the
session's service map, every request with `Authorization: Bearer <token>`. The request is the
one the Rust runner sends (one agent, one site, [start, end) as OLE dates), given on the
command line so both clients ask for exactly the same thing.

For each concurrency (threads sharing one zeep client and one `requests.Session` whose
connection pool holds a connection per thread) it runs a warm-up, then a measured window,
and prints one JSON object per line on stdout:

    {"event": "measure", "concurrency": 64}                  (the measured window starts now)
    {"event": "result", "concurrency": 64, "calls": ..., "seconds": ..., "calls_per_sec": ...,
     "p50_us": ..., "p99_us": ..., "cpu_seconds": ..., "cpu_per_call_us": ..., "states": ...}

`cpu_seconds` is this process's CPU time (all threads) during the measured window; `states`
is the number of schAgentState records in a response. Any failed call stops the run with a
message on stderr and exit status 1.

Run: .venv/bin/python tests/peer/bench_zeep.py --base-url http://127.0.0.1:8080 \\
         --site-id 101 --agent-id 100001 --start 46027 --end 46034
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import threading
import time
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from zeep import Client
from zeep.transports import Transport

REPO = Path(__file__).resolve().parents[2]
CLIENT_ID = "sim-client"
CLIENT_SECRET = "sim-secret"
APP_NAME = "wfm-bench-zeep"
SCHEDULE_SERVICE = "ScheduleService852"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base-url", required=True, help="the simulator, e.g. http://127.0.0.1:8080")
    p.add_argument("--wsdl-dir", type=Path, default=REPO / "wsdl", help="folder of the WSDLs")
    p.add_argument("--user", default="supervisor", help="GAuth user (password = user name)")
    p.add_argument("--site-id", type=int, required=True)
    p.add_argument("--agent-id", type=int, required=True)
    p.add_argument("--start", type=float, required=True, help="OLE date of the first day")
    p.add_argument("--end", type=float, required=True, help="OLE date after the last day")
    p.add_argument(
        "--concurrency",
        default="1,64",
        help="comma-separated thread counts, one measured point each [default: 1,64]",
    )
    p.add_argument("--duration", type=float, default=5.0, help="seconds measured per point")
    p.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per point")
    args = p.parse_args()
    try:
        args.concurrency = [int(c) for c in args.concurrency.split(",")]
    except ValueError:
        p.error(f"--concurrency: not a list of integers: {args.concurrency!r}")
    if any(c < 1 for c in args.concurrency):
        p.error("--concurrency: every count must be at least 1")
    if args.duration <= 0 or args.warmup < 0:
        p.error("--duration must be positive and --warmup not negative")
    return args


def emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


def bearer_session(base_url: str, user: str, pool_size: int) -> tuple[requests.Session, int]:
    """A session carrying a GAuth Bearer token for `user`, and the user's WFM id."""
    session = requests.Session()
    # No proxy or .netrc lookups from the environment on every call: loopback needs none, and
    # requests would otherwise spend a good part of each call on them.
    session.trust_env = False
    # One pooled connection per thread, as the Rust client keeps: with requests' default of 10,
    # urllib3 would open and discard a connection per call beyond the tenth thread.
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    token = session.post(
        f"{base_url}/auth/v3/oauth/token",
        auth=(CLIENT_ID, CLIENT_SECRET),
        data={"grant_type": "password", "username": user, "password": user, "scope": "*"},
        timeout=30,
    )
    token.raise_for_status()
    session.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    info = session.get(f"{base_url}/wfm/api/v3/system/userinfo", timeout=30)
    info.raise_for_status()
    return session, int(info.json()["userId"])


def schedule_service(args: argparse.Namespace, pool_size: int):
    """LocateServer → OpenSession → a zeep proxy of ScheduleService852 at the session's URL."""
    session, user_id = bearer_session(args.base_url, args.user, pool_size)
    transport = Transport(session=session, timeout=30, operation_timeout=120)

    def client(service: str) -> Client:
        return Client(str(args.wsdl_dir / f"WFM{service}.wsdl"), transport=transport)

    locator = client("LocatorService800").create_service(
        "{urn:WFMLocatorService800}WFMLocatorService800Soap",
        f"{args.base_url}/?Handler=WFMLocatorService800",
    )
    login = locator.LocateServer(
        serviceName="SessionService800", appName=APP_NAME, userID=user_id, arg4=None
    )
    sessions = client("SessionService800").create_service(
        "{urn:WFMSessionService800}WFMSessionService800Soap", login.sessionServiceURL
    )
    info = sessions.OpenSession(appName=APP_NAME, userID=login.userID)
    urls = {s.serviceName: s.serviceURL for s in (info.services.ServiceInfo if info.services else [])}
    if SCHEDULE_SERVICE not in urls:
        raise RuntimeError(f"the session's service map has no {SCHEDULE_SERVICE}: {sorted(urls)}")
    return client("ScheduleService852").create_service(
        "{urn:WFMScheduleService852}WFMScheduleService852Soap", urls[SCHEDULE_SERVICE]
    )


def get_agent_state(service, args: argparse.Namespace):
    """One GetAgentState call, the request the Rust runner sends."""
    return service.GetAgentState(
        source=0,
        scenarioId=0,
        siteId=args.site_id,
        start=args.start,
        end=args.end,
        teams=None,
        agents={"int": [args.agent_id]},
        stateTypes=None,
        stateIds=None,
        stateGroups=None,
        layout=0,
        arg12=False,
    )


def state_count(response) -> int:
    states = response.schAgentState
    return len(states.SchAgentState) if states is not None else 0


def run_point(call, concurrency: int, seconds: float) -> tuple[list[int], float]:
    """`concurrency` threads calling `call` back to back for `seconds` (a call under way then
    completes and counts): every call's latency in nanoseconds, and the wall time from the
    common start to the last thread's end. Re-raises the first failure.

    The threads watch the clock themselves: under the GIL, a main thread that had to wake up
    to stop them could be starved by the workers for seconds."""
    latencies: list[list[int]] = [[] for _ in range(concurrency)]
    ends = [0] * concurrency
    failures: list[BaseException] = []
    window: dict[str, int] = {}

    def open_window() -> None:
        window["start"] = time.perf_counter_ns()
        window["deadline"] = window["start"] + int(seconds * 1e9)

    barrier = threading.Barrier(concurrency, action=open_window)

    def worker(index: int) -> None:
        clock = time.perf_counter_ns
        out = latencies[index]
        barrier.wait()
        deadline = window["deadline"]
        while not failures and clock() < deadline:
            before = clock()
            try:
                call()
            except Exception as e:  # noqa: BLE001 - re-raised by the main thread
                failures.append(e)
                break
            out.append(clock() - before)
        ends[index] = clock()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]
    return [ns for out in latencies for ns in out], (max(ends) - window["start"]) / 1e9


def percentile(sorted_ns: list[int], p: int) -> float:
    """The nearest-rank percentile, in microseconds (the Rust runner uses the same rule)."""
    rank = max(1, math.ceil(len(sorted_ns) * p / 100))
    return sorted_ns[rank - 1] / 1000.0


def main() -> int:
    args = parse_args()
    service = schedule_service(args, max(args.concurrency))
    states = state_count(get_agent_state(service, args))

    def call() -> None:
        get_agent_state(service, args)

    for concurrency in args.concurrency:
        run_point(call, concurrency, args.warmup)
        emit({"event": "measure", "concurrency": concurrency})
        cpu_before = time.process_time()
        latencies, elapsed = run_point(call, concurrency, args.duration)
        cpu = time.process_time() - cpu_before
        latencies.sort()
        calls = len(latencies)
        emit(
            {
                "event": "result",
                "concurrency": concurrency,
                "calls": calls,
                "seconds": elapsed,
                "calls_per_sec": calls / elapsed,
                "p50_us": percentile(latencies, 50) if calls else None,
                "p99_us": percentile(latencies, 99) if calls else None,
                "cpu_seconds": cpu,
                "cpu_per_call_us": cpu / calls * 1e6 if calls else None,
                "states": states,
            }
        )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001 - one line for the runner, not a traceback
        print(f"bench_zeep: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
