"""Bounded load test of the web API on loopback.

Builds (once) a synthetic ledger of ``--events`` events written straight through
the Store API, starts ``tacitus serve`` (its uvicorn app) on a free loopback port, then runs
``--clients`` concurrent clients for ``--seconds`` seconds, each requesting
filtered ``/events`` pages (type, country, date window, offset) back to back
over its own keep-alive connection. The clients are a minimal HTTP/1.1 client
written here (``--client raw``, like wrk or ab: cheap, so on a small machine the
server gets the CPU) or the httpx library (``--client httpx``).
Prints p50 / p90 / p99 latency, throughput and the error count as JSON.

    PYTHONPATH=src .venv/bin/python benchmarks/load.py --events 100000 --clients 50 --seconds 30

``--post-every 1`` adds a stream of ingests during the measured run: one
``POST /documents`` a second of ``--post-chars`` characters (50,000 by
default) of synthetic wire copy (``benchmarks/synth.py``), each a new report,
with the server's token set; the POSTs' answers (201 / 202 / 503) and how many
of their jobs finished are reported beside the GETs' latencies, which they do
not enter.

Not part of ``make test``. The ledger is invented (no report text).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from tacitus.model import Actor, Claim, Document, Event, Evidence, Place, Quantity, Result, TimeSpan
from tacitus.store import open_store

TYPES = ("attack", "interception", "clash", "talks", "disruption", "arrest", "protest")
PLACES = (("Kharkiv", "UA", 49.98, 36.25), ("Odesa", "UA", 46.48, 30.73), ("Belgorod", "RU", 50.6, 36.6),
          ("Kursk", "RU", 51.73, 36.19), ("Khartoum", "SD", 15.5, 32.56), ("Gaza City", "PS", 31.5, 34.47),
          ("Sumy", "UA", 50.91, 34.8), ("Bryansk", "RU", 53.25, 34.37), ("El Fasher", "SD", 13.63, 25.35))
CLAIMANTS = (("Ukrainian Air Force", "UA"), ("Russian Ministry of Defence", "RU"), ("local officials", None))
EVENTS_PER_DOC = 5
START = date(2025, 1, 1)


def synthetic_results(n_events: int, seed: int = 0):
    """Yield Results with EVENTS_PER_DOC invented events each, until ``n_events`` events."""
    rng = random.Random(seed)
    for d in range(0, n_events, EVENTS_PER_DOC):
        day = START + timedelta(days=rng.randrange(270))
        text = f"Synthetic report {d} for the load test. " * 8
        doc = Document(id=f"{d:016x}", source=f"synthetic/{d}", text=text, published=day, outlet="Load Wire")
        events = []
        for i in range(min(EVENTS_PER_DOC, n_events - d)):
            name, cc, lat, lon = rng.choice(PLACES)
            who, wcc = rng.choice(CLAIMANTS)
            n = rng.randrange(1, 120)
            events.append(Event(
                id=f"e{i + 1}", type=rng.choice(TYPES), evidence=Evidence(text[:40], 0, 40), weapons=["drone"],
                attacker=Actor("Russia", "RU"), target=Actor("Ukraine", "UA"),
                time=TimeSpan(day - timedelta(days=1), day, "night", "overnight"),
                places=[Place(name, name, cc, None, lat, lon, "city", None)],
                quantities=[Quantity("launched", n, n, n, "exact", "drone", f"{n} drones")],
                claim=Claim(who, wcc, ["Load Wire"], "asserted", "said")))
        yield Result(doc, events)


def build_ledger(path: Path, n_events: int) -> None:
    """Write the synthetic ledger unless ``path`` already holds ``n_events`` events,
    and link it (as an ingest would) unless it is linked."""
    if path.exists():
        with open_store(path) as store:
            if store.counts()["events"] == n_events:
                _link(store)
                return
        path.unlink()
    t0 = time.perf_counter()
    with open_store(path) as store:
        batch = []
        for r in synthetic_results(n_events):
            batch.append(r)
            if len(batch) == 2000:
                store.write_batch(batch, [])
                batch = []
        store.write_batch(batch, [])
        print(f"built {store.counts()['events']} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        _link(store)


def _link(store) -> None:
    if store.needs_link():
        t0 = time.perf_counter()
        stats = store.relink()
        print(f"linked {stats.events} events into {stats.incidents} incidents in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its children (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def random_query(rng: random.Random) -> dict[str, str]:
    """A filtered page: a type, sometimes a country, sometimes a 30-day window, an offset."""
    q = {"type": rng.choice(TYPES), "limit": "50", "offset": str(rng.choice((0, 0, 50, 100, 500)))}
    if rng.random() < 0.5:
        q["country"] = rng.choice(("UA", "RU", "SD", "PS"))
    if rng.random() < 0.5:
        since = START + timedelta(days=rng.randrange(240))
        q["since"], q["until"] = since.isoformat(), (since + timedelta(days=30)).isoformat()
    return q


async def client(base: str, deadline: float, seed: int, latencies: list[float], errors: list[str]) -> None:
    """One client on the httpx library (``--client httpx``): ~2-3 ms of CPU per request."""
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            try:
                r = await http.get("/events", params=random_query(rng))
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code}")
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            latencies.append(time.perf_counter() - t0)


async def raw_client(base: str, deadline: float, seed: int, latencies: list[float], errors: list[str]) -> None:
    """One client speaking HTTP/1.1 itself over one keep-alive connection (the default,
    ``--client raw``): it sends a GET, reads the status line and headers, then exactly
    ``Content-Length`` bytes, and checks that the body is a JSON page of events. Like
    wrk or ab it costs a small fraction of what the server spends per request, so on a
    machine shared by server and clients the measurement is of the server.
    """
    from urllib.parse import urlencode, urlsplit
    host, port = urlsplit(base).hostname, urlsplit(base).port
    rng = random.Random(seed)
    reader = writer = None
    while time.perf_counter() < deadline:
        t0 = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
            request = (f"GET /events?{urlencode(random_query(rng))} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                       "Accept: application/json\r\n\r\n").encode()
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            status = int(head[9:12])
            length = None
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length is None:
                raise ValueError("no Content-Length")
            body = await asyncio.wait_for(reader.readexactly(length), 10)
            if status != 200:
                errors.append(f"HTTP {status}")
            elif not (body.startswith(b'{"items":[') and b'"total":' in body):
                errors.append("not a page of events")
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(type(exc).__name__)
            if writer is not None:
                writer.close()
            reader = writer = None
        latencies.append(time.perf_counter() - t0)
    if writer is not None:
        writer.close()


async def run_load(base: str, clients: int, seconds: float, kind: str = "raw") -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    t0 = time.perf_counter()
    one = raw_client if kind == "raw" else client
    await asyncio.gather(*(one(base, deadline, i, latencies, errors) for i in range(clients)))
    wall = time.perf_counter() - t0
    qs = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": len(errors), "rps": round(len(latencies) / wall, 1),
            "p50_ms": round(qs[49] * 1000, 1), "p90_ms": round(qs[89] * 1000, 1),
            "p99_ms": round(qs[98] * 1000, 1), "max_ms": round(max(latencies) * 1000, 1)}


TOKEN = "load-test-token"


def post_stream(base: str, every: float, chars: int, stop: threading.Event, out: dict) -> None:
    """One POST /documents every ``every`` seconds until ``stop``; tallies the answers,
    then waits for the accepted jobs to finish (polling their Location)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synth import generate
    reports = generate(10_000_000, seed=99, words=max(50, chars // 6))
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
    statuses: dict[str, int] = {}
    jobs: list[str] = []
    post_ms: list[float] = []
    with httpx.Client(base_url=base, timeout=60) as http:
        n = 0
        while not stop.is_set():
            t_next = time.perf_counter() + every
            text = ""
            while len(text) < chars:
                text += next(reports)["text"] + "\n\n"
            n += 1
            t0 = time.perf_counter()
            r = http.post("/documents", content=text[:chars], headers=headers,
                          params={"title": f"load report {n}", "outlet": "Load Wire"})
            post_ms.append((time.perf_counter() - t0) * 1000)
            statuses[str(r.status_code)] = statuses.get(str(r.status_code), 0) + 1
            if r.status_code == 202:
                jobs.append(r.headers["location"])
            stop.wait(max(0.0, t_next - time.perf_counter()))
        done = failed = 0
        deadline = time.perf_counter() + 120
        for loc in jobs:
            while time.perf_counter() < deadline:
                status = http.get(loc, headers=headers).json().get("status")
                if status in ("done", "failed"):
                    done += status == "done"
                    failed += status == "failed"
                    break
                time.sleep(0.2)
    out.update(posts=n, answers=statuses, accepted_jobs_done=done, accepted_jobs_failed=failed,
               post_answer_p50_ms=round(statistics.median(post_ms), 1) if post_ms else None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=1, help="server processes (tacitus serve --workers)")
    ap.add_argument("--db", default="bench-out/load.db")
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="raw: a minimal keep-alive HTTP/1.1 client (default); httpx: the httpx library")
    ap.add_argument("--post-every", type=float, default=0.0,
                    help="seconds between POST /documents during the measured run (0: no ingest)")
    ap.add_argument("--post-chars", type=int, default=50_000, help="characters per posted report")
    args = ap.parse_args()
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    build_ledger(db, args.events)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, ["src", os.environ.get("PYTHONPATH")]))}
    env.pop("TACITUS_TOKEN", None)
    if args.post_every:
        env["TACITUS_TOKEN"] = TOKEN  # ingest enabled (the ledger is then opened for writing)
    # what `tacitus serve --workers N` runs, started through uvicorn itself so the
    # benchmark does not depend on the whole CLI importing
    env["TACITUS_DB"] = str(db)
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "tacitus.web.serve_app:app", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", str(args.workers), "--log-level", "warning",
                               "--no-server-header", "--no-proxy-headers"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/events", params={"limit": 1}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        asyncio.run(run_load(base, args.clients, 2, args.client))  # warm-up, not counted
        server_cpu, client_cpu, load0 = tree_cpu_seconds(server.pid), time.process_time(), os.getloadavg()[0]
        posts: dict = {}
        stop = threading.Event()
        poster = None
        if args.post_every:
            poster = threading.Thread(target=post_stream, args=(base, args.post_every, args.post_chars, stop, posts))
            poster.start()
        result = asyncio.run(run_load(base, args.clients, args.seconds, args.client))
        if poster is not None:
            stop.set()
            poster.join()
            result["posts"] = posts
        server_cpu = tree_cpu_seconds(server.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
        # where the time goes: CPU milliseconds per request on each side, and the box's load
        result.update(server_cpu_ms_per_request=round(server_cpu * 1000 / max(1, result["requests"]), 2),
                      client_cpu_ms_per_request=round(client_cpu * 1000 / max(1, result["requests"]), 2),
                      loadavg_start=round(load0, 2), loadavg_end=round(os.getloadavg()[0], 2),
                      cpus=os.cpu_count())
    finally:
        server.terminate()
        server.wait(timeout=10)
    result.update(events=args.events, clients=args.clients, seconds=args.seconds, workers=args.workers,
                  client=args.client, post_every=args.post_every, post_chars=args.post_chars if args.post_every else 0)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
