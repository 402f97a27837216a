"""Load benchmark (not a test): shoppers against gunicorn on PostgreSQL, every order placed exactly once.

Run ``make load`` (or ``.venv/bin/python bench/load.py [shoppers] [seconds]``). It creates a database of its own
(``LOAD_DATABASE_URL``, default ``cordwain_load`` on the local PostgreSQL; dropped and made again), starts gunicorn
(2 workers x 8 threads) and one Celery worker (niced: last builds are jobs, counted separately), then runs 50
shoppers for 60 s. Each creates a design, gives both feet (202: the build is queued) and places the order with an
``Idempotency-Key``; a request that times out (3 s) is sent again with the same key, up to 3 times.

Prints requests, failures and p50/p95/p99 seconds per step, orders/s, and after the run checks the orders in the
database against the orders confirmed to clients (0 lost, 0 duplicated). Target: >= 20 orders/s and p95 <= 1 s
for placing an order on a 2-core machine.

Everything shares the machine's cores, the load generator too, so it also prints the load averages before and
after, and the CPU each part used during the run (gunicorn, the Celery worker, PostgreSQL, this generator, and the
machine as a whole): a generator near a full core, or a machine with other work, means the figures are not the
server's own.
"""

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/cordwain_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")
QUEUE = f"cordwain-load-{os.getpid()}"
TIMEOUT_S, TRIES = 3.0, 3
CUSTOMER = {"name": "Load Tester", "email": "load@example.org", "address": "1 Bench Street, 10115 Berlin",
            "country": "DE"}
STEPS = ("create design", "give feet", "place order")


def fresh_database(url):
    """Drop and create the benchmark's own database."""
    url = sa.make_url(url)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(port, seconds=120):
    """Until the catalog answers several times in a row (both workers booted)."""
    deadline, answered = time.monotonic() + seconds, 0
    while time.monotonic() < deadline and answered < 10:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/styles")
            answered = answered + 1 if conn.getresponse().status == 200 else 0
            conn.close()
        except OSError:
            answered = 0
            time.sleep(0.2)
    if answered < 10:
        raise RuntimeError(f"gunicorn did not serve on port {port} within {seconds} s")


class Shopper(threading.Thread):
    """One client: design, feet, order, again, until the end; times each step, keeps the confirmed orders."""

    def __init__(self, port, until, results):
        super().__init__(daemon=True)
        self.port, self.until, self.results = port, until, results
        self.rng = random.Random()
        self.conn = None

    def request(self, method, path, body, headers=None):
        """(status, JSON) of one request; None on a timeout or a dropped connection."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
        try:
            self.conn.request(method, path, body=json.dumps(body),
                              headers={"Content-Type": "application/json", **(headers or {})})
            response = self.conn.getresponse()
            return response.status, json.loads(response.read() or b"null")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            return None

    def step(self, name, method, path, body, headers=None, ok=(200, 201, 202)):
        """Send with retries on timeout (the same headers, so the same Idempotency-Key); the answer's JSON."""
        started = time.perf_counter()
        for _ in range(TRIES):
            answer = self.request(method, path, body, headers)
            if answer is not None:
                break
        self.results["latency"][name].append(time.perf_counter() - started)
        if answer is None or answer[0] not in ok:
            self.results["failed"][name] += 1
            return None
        return answer[1]

    def run(self):
        while time.monotonic() < self.until:
            design = self.step("create design", "POST", "/api/v1/designs", {"style": "oxford"})
            if design is None:
                continue
            length_mm = round(self.rng.uniform(235, 290), 1)
            feet = {"units": "mm", "left": {"foot_length_mm": length_mm, "ball_width_mm": 0.385 * length_mm},
                    "right": {"foot_length_mm": length_mm + 2, "ball_width_mm": 0.385 * length_mm}}
            if self.step("give feet", "PUT", f"/api/v1/designs/{design['id']}/measurements", feet) is None:
                continue
            order = self.step("place order", "POST", f"/api/v1/designs/{design['id']}/order", CUSTOMER,
                              headers={"Idempotency-Key": str(uuid.uuid4())}, ok=(201,))
            if order is not None:
                with self.results["lock"]:
                    self.results["confirmed"].append(order["id"])


def percentile(values, fraction):
    return sorted(values)[min(len(values) - 1, int(fraction * len(values)))] if values else float("nan")


def cpu_seconds(pids):
    """CPU time (user + system, with reaped children) used so far by the processes ``pids``."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue                                    # ended meanwhile
        total += sum(int(value) for value in fields[11:15])    # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def processes(match):
    """Ids of the running processes for which ``match(session id, command name)`` holds."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except OSError:
                continue
            if match(int(tail.split()[3]), head.split("(", 1)[1]):
                found.append(int(entry.name))
    return found


def machine_busy_seconds():
    """CPU seconds all cores spent on anything but idling and waiting for the disk, since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def cpu_use(servers):
    """CPU seconds so far of each part of the run, and of the whole machine."""
    gunicorn, celery = (processes(lambda sid, _, s=server.pid: sid == s) for server in servers)
    return {"gunicorn (2 workers)": cpu_seconds(gunicorn), "celery worker (niced)": cpu_seconds(celery),
            "postgresql (all its users)": cpu_seconds(processes(lambda _, name: name.startswith("postgres"))),
            "load generator (this)": time.process_time(), "whole machine": machine_busy_seconds()}


def background(session_id):
    """Make the worker's session yield the CPU to everything else.

    With the kernel's autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``), each session shares
    the CPU as one group and ``nice`` only ranks processes inside it: the worker's own session would otherwise
    get as much CPU as gunicorn's. Its group's nice value is set as well.
    """
    try:
        Path(f"/proc/{session_id}/autogroup").write_text("19")
    except OSError:
        pass                        # no autogroup scheduling: plain nice is enough


def main(shoppers=50, seconds=60):
    fresh_database(DATABASE_URL)
    files = Path(tempfile.mkdtemp(prefix="cordwain-load-"))
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "STORAGE_DIR": str(files / "files"),
           "INSTANCE_PATH": str(files / "instance"), "SECRET_KEY": uuid.uuid4().hex, "JOB_BACKEND": "celery",
           "CELERY_BROKER_URL": REDIS_URL, "CELERY_QUEUE": QUEUE,
           "PYTHONPATH": str(REPO)}         # this tree's code, whichever checkout the virtualenv was installed from
    flask = [str(BIN / "flask"), "--app", "app"]
    for command in ("db", "upgrade"), ("catalog", "seed"):
        done = subprocess.run([*flask, *command], cwd=REPO, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    port = free_port()
    logs = open(files / "servers.log", "wb")
    servers = [subprocess.Popen([str(BIN / "gunicorn"), "--workers", "2", "--threads", "8", "--timeout", "60",
                                 "--preload", "--bind", f"127.0.0.1:{port}", "configurator:create_app()"],
                                cwd=REPO, env=env, stdout=logs, stderr=subprocess.STDOUT, start_new_session=True),
               subprocess.Popen(["nice", "-n", "15", str(BIN / "celery"), "-A", "configurator.worker:celery",
                                 "worker", "--loglevel=WARNING", "--concurrency=1"],
                                cwd=REPO, env=env, stdout=logs, stderr=subprocess.STDOUT, start_new_session=True)]
    background(servers[1].pid)
    try:
        wait_until_serving(port)
        results = {"latency": {s: [] for s in STEPS}, "failed": {s: 0 for s in STEPS}, "confirmed": [],
                   "lock": threading.Lock()}
        load_before, cpu_before = os.getloadavg(), cpu_use(servers)
        started = time.monotonic()
        clients = [Shopper(port, started + seconds, results) for _ in range(shoppers)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        cpu_after = cpu_use(servers)
        report(results, elapsed, shoppers)
        print(f"load average (1, 5, 15 min) before: {_loads(load_before)}; after: {_loads(os.getloadavg())}")
        print(f"CPU during the run, in cores busy ({os.cpu_count()} in the machine):")
        for part, before in cpu_before.items():
            print(f"  {part:<28}{(cpu_after[part] - before) / elapsed:>6.2f}")
        served = (cpu_after["gunicorn (2 workers)"] - cpu_before["gunicorn (2 workers)"])
        print(f"gunicorn CPU per order (design, feet and order): "
              f"{1000 * served / max(1, len(results['confirmed'])):.0f} ms")
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=60)
        logs.close()
        drop_queue()
    return check(results)


def drop_queue():
    """Remove this run's queue from Redis: the builds left in it would otherwise stay there for good."""
    import redis

    broker = redis.Redis.from_url(REDIS_URL)
    keys = list(broker.scan_iter(f"*{QUEUE}*"))
    if keys:
        broker.delete(*keys)


def _loads(averages):
    return " ".join(f"{value:.2f}" for value in averages)


def report(results, elapsed, shoppers):
    print(f"\n{shoppers} shoppers for {elapsed:.0f} s against gunicorn (2 workers x 8 threads) on PostgreSQL\n")
    print(f"{'step':<16}{'requests':>10}{'failed':>8}{'p50 s':>9}{'p95 s':>9}{'p99 s':>9}")
    for step in STEPS:
        times = results["latency"][step]
        print(f"{step:<16}{len(times):>10}{results['failed'][step]:>8}{percentile(times, 0.5):>9.3f}"
              f"{percentile(times, 0.95):>9.3f}{percentile(times, 0.99):>9.3f}")
    print(f"\norders confirmed: {len(results['confirmed'])} = {len(results['confirmed']) / elapsed:.1f} orders/s")


def check(results):
    """Orders in the database against orders confirmed to clients; the last builds (jobs) so far."""
    engine = sa.create_engine(DATABASE_URL)
    with engine.connect() as conn:
        stored = [row[0] for row in conn.execute(sa.text('SELECT public_id FROM "order"'))]
        per_design = conn.scalar(sa.text('SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM "order" '
                                         "GROUP BY design_id) AS counts"))
        jobs = dict(conn.execute(sa.text("SELECT state, count(*) FROM job GROUP BY state")).all())
    engine.dispose()
    confirmed = results["confirmed"]
    lost = set(confirmed) - set(stored)
    unconfirmed = set(stored) - set(confirmed)
    duplicated = len(confirmed) - len(set(confirmed)) + max(0, per_design - 1)
    print(f"orders in the database: {len(stored)}; lost: {len(lost)}; duplicated: {duplicated}; "
          f"placed but never confirmed (client gave up): {len(unconfirmed)}")
    print(f"last builds (jobs, one niced worker): {jobs}")
    return 0 if not lost and not duplicated and not unconfirmed else 1


if __name__ == "__main__":
    sys.exit(main(*(int(arg) for arg in sys.argv[1:3])))
