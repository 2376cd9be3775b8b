"""Load test: 20 signed-in workers on loopback against gunicorn, saving interventions and
opening the main pages.

    .venv/bin/python bench/load_test.py                        # SQLite and PostgreSQL, 60 s each
    .venv/bin/python bench/load_test.py --load-seconds 600     # the 10-minute run of issue #10
    .venv/bin/python bench/load_test.py --databases sqlite --clients 5 --load-seconds 20

Each database gets a fresh one, filled by `tissage generate` (10,000 interventions, seed 10:
persons, referrals, contacts, enrolments, activities, members, 1,000 directory
services), and 20 worker accounts of the team "Travail de rue".
gunicorn serves `tissage.wsgi` on 127.0.0.1 with deploy/gunicorn.conf.py (4 × CPUs + 1
synchronous workers, application preloaded; report pages on a second one, below), DEBUG
off, database connections kept 60 s (DATABASE_CONN_MAX_AGE=60, as docs/deployment.md
recommends).

Each client is a thread with its own session (requests): it signs in through the sign-in
page (CSRF token and all), then, until the time is up or it has made its share of the
requests, repeats: open the quick entry form (the one the previous save redirected to, as a
browser follows it) and save an intervention with it (the form's CSRF token, one to three
persons, the type, place and duration), then open one of the main
pages in turn — home, persons list, interventions list, a public directory search (a word
near a municipality), and one time in ten the annual report page (outreach, 2023-24) — and
the baseline: the trivial health page (/sante/), which touches no database. Between two
actions a client pauses 0.5 to 1.5 s (uniform, like locust's `between(0.5, 1.5)`): twenty
people at work, not twenty robots. The clock starts once every client has signed in; each
then begins with such a pause too, as if it had just finished an action (otherwise the
twenty would all save at the same millisecond, a burst no team makes, and the first saves
would weigh on the p95). An error is any exception, timeout or status other than
the expected one (a saved intervention redirects back to the form; a form sent back with
errors counts as an error).

Targets (issue #10): p95 of saving an intervention under 150 ms, no error.

As docs/deployment.md deploys it, report pages go to a second gunicorn (2 workers, started
with `nice -n 10`, deploy/systemd/tissage-reports.service), the client sending them there as
nginx's location for /rapports/ does. LOAD_REPORT_WORKERS=0 serves everything from one
gunicorn, to compare; LOAD_REPORT_NICE sets the priority.
"""

import argparse
import datetime
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    DATABASES,
    ROOT,
    free_port,
    fresh_database,
    load,
    postgresql_server,
    run_worker,
    say,
    setup_django,
    write_result,
)

CLIENTS = 20
SECONDS = 60
INTERVENTIONS = 10_000
SERVICES = 1_000  # the search itself is measured at 10,000 and 100,000 by directory_search
SEED = 10
THINK = (0.5, 1.5)
ENTRY = "/personnes/intervention/nouvelle/"
REPORT_WORKERS = int(os.environ.get("LOAD_REPORT_WORKERS", "2"))
REPORT_NICE = int(os.environ.get("LOAD_REPORT_NICE", "10"))
PASSWORD = "banc-essai-2026-charge"
PAGES = {
    "home": "/",
    "persons list": "/personnes/liste/",
    "interventions list": "/personnes/interventions/",
    "report page": "/rapports/outreach/2023-24/",
    "directory search": "/ressources/?q={word}&near={town}&radius=25",
}
BASELINE = "health page (baseline)"
# Page views in turn, one after each saved intervention: the report page is opened far less
# often than the lists (one view in ten).
ROTATION = [(BASELINE, "/sante/")] + [
    (name, PAGES[name])
    for name in ("home", "persons list", "interventions list", "directory search")
]
ROTATION = [*ROTATION, *ROTATION[:-1], ("report page", PAGES["report page"])]
SAVE = "save an intervention"
WORDS = ["aide", "alimentaire", "logement", "santé mentale", "emploi", "écoute", "répit"]
TOWNS = ["Montréal", "Sherbrooke", "Magog", "Québec", "Gatineau", "Laval", "Rimouski"]
TARGET_SAVE_MS = 150
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else 0.0


# ---------------------------------------------------------------- setup, in a worker


def prepare(clients: int) -> dict[str, Any]:
    """Accounts for the clients, and what their forms will hold."""
    from django.contrib.auth.hashers import make_password

    from tissage.accounts.models import Team, User
    from tissage.people.models import Person
    from tissage.vocabularies.models import Term

    team = Team.objects.get(name="Travail de rue")
    password = make_password(PASSWORD)
    users = []
    for number in range(1, clients + 1):
        user, _created = User.objects.get_or_create(username=f"charge-{number:02d}")
        user.role, user.password, user.is_active = "worker", password, True
        user.first_name, user.last_name = "Chargée", f"{number:02d}"
        user.save()
        user.teams.set([team])
        users.append({"username": user.username, "pk": user.pk})
    terms = {
        code: list(Term.objects.active().of(code).values_list("pk", flat=True))
        for code in ("intervention_type", "place", "problem")
    }
    codes = list(Person.objects.current().order_by("pk").values_list("code", flat=True)[:500])
    return {"users": users, "terms": terms, "persons": codes}


def worker(args: argparse.Namespace) -> None:
    setup_django()
    write_result(args.worker_result, prepare(args.clients))


# ---------------------------------------------------------------- the clients


class Client(threading.Thread):
    def __init__(
        self, base: str, user: dict[str, Any], data: dict[str, Any], seconds: float,
        quota: int, offset: int, ready: threading.Barrier,
    ) -> None:  # fmt: skip
        super().__init__(daemon=True)
        import requests

        self.base, self.user, self.data, self.quota = base, user, data, quota
        self.routes: dict[str, str] = {}  # action → another server, as nginx routes it
        self.next_form = ""
        self.seconds, self.stop, self.offset = seconds, 0.0, offset
        self.ready = ready
        self.session = requests.Session()
        self.rng = random.Random(SEED + offset)  # noqa: S311 — a load pattern
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def request(self, action: str, method: str, path: str, expect: int, **kw: Any) -> Any:
        begun = time.perf_counter()
        base = self.routes.get(action, self.base)
        try:
            response = self.session.request(
                method, base + path, timeout=30, allow_redirects=False, **kw
            )
        except Exception as error:
            self.fail(action, f"{type(error).__name__}")
            return None
        self.times[action].append((time.perf_counter() - begun) * 1000)
        if response.status_code != expect:
            self.fail(action, f"HTTP {response.status_code} on {path.split('?')[0]}")
            return None
        return response

    def fail(self, action: str, why: str) -> None:
        self.errors[action] += 1
        if len(self.samples) < 3:
            self.samples.append(f"{action}: {why}")

    def sign_in(self) -> bool:
        page = self.request("sign in", "GET", "/compte/connexion/", 200)
        token = _CSRF.search(page.text) if page is not None else None
        if token is None:
            self.fail("sign in", "no CSRF token on the sign-in page")
            return False
        answer = self.request(
            "sign in", "POST", "/compte/connexion/", 302,
            data={"csrfmiddlewaretoken": token.group(1), "username": self.user["username"],
                  "password": PASSWORD},
            headers={"Referer": self.base + "/compte/connexion/"},
        )  # fmt: skip
        return answer is not None

    def save(self) -> None:
        # As a browser: the form the previous save redirected to (which names the
        # intervention just saved), else the plain form.
        address, self.next_form = self.next_form or ENTRY, ""
        form = self.request("open the entry form", "GET", address, 200)
        token = _CSRF.search(form.text) if form is not None else None
        if token is None:
            return
        rng, terms = self.rng, self.data["terms"]
        persons = rng.sample(self.data["persons"], rng.choice([1, 1, 1, 2, 3]))
        day = datetime.date(2024, 3, 31) - datetime.timedelta(days=rng.randrange(60))
        fields = {
            "csrfmiddlewaretoken": token.group(1),
            "persons_text": ", ".join(persons),
            "date": day.isoformat(),
            "time": f"{rng.randrange(8, 21):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "workers": [self.user["pk"]],
            "types": [rng.choice(terms["intervention_type"])],
            "problems": rng.sample(terms["problem"], rng.choice([0, 1, 2])),
            "place": rng.choice(terms["place"]),
            "duration_minutes": rng.choice([15, 30, 45, 60]),
            "notes": "",
        }
        saved = self.request(
            SAVE, "POST", ENTRY, 302, data=fields, headers={"Referer": self.base + ENTRY},
        )  # fmt: skip
        location = saved.headers.get("Location", "") if saved is not None else ""
        self.next_form = location if location.startswith(ENTRY) else ""

    def run(self) -> None:
        signed_in = self.sign_in()
        pages = ROTATION
        for action, path in [*PAGES.items(), (BASELINE, "/sante/")] if signed_in else []:
            # Warm-up, not counted: each server process loads its code and fills its caches.
            try:
                base = self.routes.get(action, self.base)
                self.session.get(base + path.format(word="aide", town="Magog"), timeout=120)
            except Exception:  # noqa: S112 — only a warm-up
                continue
        try:
            self.ready.wait()
        except threading.BrokenBarrierError:
            return
        if not signed_in:
            return
        self.stop = time.monotonic() + self.seconds
        time.sleep(self.rng.uniform(*THINK))  # already at work: see the module docstring
        done, turn = 0, 2 * self.offset
        while time.monotonic() < self.stop and done < self.quota:
            if turn % 2 == 0:
                self.save()
            else:
                action, path = pages[(turn // 2) % len(pages)]
                word, town = self.rng.choice(WORDS), self.rng.choice(TOWNS)
                self.request(action, "GET", path.format(word=word, town=town), 200)
            turn += 1
            done += 1
            time.sleep(self.rng.uniform(*THINK))


def drive(
    base: str, data: dict[str, Any], clients: int, seconds: float, reports: str = ""
) -> dict[str, Any]:
    """Run the clients; times and errors per action."""
    quota = int(seconds / THINK[0]) + 1  # bounded in count as well as in time
    begun = 0.0

    def started() -> None:
        nonlocal begun
        begun = time.perf_counter()

    ready = threading.Barrier(clients + 1, action=started, timeout=300)
    threads = [
        Client(base, data["users"][n], data, seconds, quota, n, ready) for n in range(clients)
    ]
    for thread in threads:
        if reports:
            thread.routes["report page"] = reports
        thread.start()
    try:
        ready.wait()  # every client signed in and warmed up: the clock starts
    except threading.BrokenBarrierError:
        begun = begun or time.perf_counter()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - begun
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    samples: list[str] = []
    for thread in threads:
        for action, values in thread.times.items():
            times[action] += values
        for action, count in thread.errors.items():
            errors[action] += count
        samples += thread.samples
    actions = {
        action: {
            "count": len(values) + errors.get(action, 0),
            "errors": errors.get(action, 0),
            "median_ms": statistics.median(values) if values else 0.0,
            "p95_ms": p95(values),
        }
        for action, values in times.items()
    }
    for action, count in errors.items():
        actions.setdefault(
            action, {"count": count, "errors": count, "median_ms": 0.0, "p95_ms": 0.0}
        )
    requests_done = sum(a["count"] for a in actions.values())
    return {
        "actions": actions,
        "elapsed_s": elapsed,
        "requests": requests_done,
        "per_second": requests_done / elapsed if elapsed else 0.0,
        "errors": sum(errors.values()),
        "error_samples": samples[:10],
    }


# ---------------------------------------------------------------- the server and the runs


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 — our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT
    )


def gunicorn(env: dict[str, str], port: int, workers: int = 0, nice: int = 0) -> subprocess.Popen:
    binary = Path(sys.executable).parent / "gunicorn"
    if not binary.exists():
        raise SystemExit("gunicorn is missing: make install")
    # The settings docs/deployment.md recommends for one organization's server: connections
    # kept 60 s between requests (the default, one per request, makes PostgreSQL start a
    # server process for every page), DEBUG off.
    server_env = {
        **env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": "",
        "DATABASE_CONN_MAX_AGE": "60", "DEBUG": "0",
    }  # fmt: skip
    if workers:
        server_env["GUNICORN_WORKERS"] = str(workers)
    log = Path(env["TISSAGE_DATA_DIR"]) / "gunicorn.log"
    with log.open("ab") as output:  # the server's own log lines stay out of the table
        process = subprocess.Popen(  # noqa: S603 — the virtualenv's gunicorn
            [*(["nice", "-n", str(nice)] if nice else []), str(binary), "-c",
             str(ROOT / "deploy" / "gunicorn.conf.py"), "--access-logfile", os.devnull,
             "--error-logfile", str(log)],
            env=server_env, cwd=ROOT, stdout=output, stderr=output,
        )  # fmt: skip
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped: see {log}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/sante/", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def measure(
    database: str, server: str | None, seconds: float = SECONDS, clients: int = CLIENTS,
    interventions: int = INTERVENTIONS,
) -> dict[str, Any]:  # fmt: skip
    """One database: generate, serve, load. Public entry of bench/run.py."""
    result: dict[str, Any] = {"database": database, "clients": clients, "seconds": seconds}
    with fresh_database(database, "bench_load", server) as env:
        say(f"  load, {database}: generating {interventions:,} interventions (load {load()})")
        begun = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "generate", "--interventions", str(interventions), "--seed", str(SEED),
               "--services", str(SERVICES))  # fmt: skip
        data = run_worker(__file__, ["--clients", str(clients)], env)
        if "error" in data:
            return {**result, "error": f"setup: {data['error']}"}
        result["setup_s"] = time.perf_counter() - begun
        port = free_port()
        process = gunicorn(env, port)
        reports, report_base = None, ""
        if REPORT_WORKERS:
            report_port = free_port()
            reports = gunicorn(env, report_port, REPORT_WORKERS, REPORT_NICE)
            report_base = f"http://127.0.0.1:{report_port}"
        try:
            say(f"  load, {database}: {clients} clients for {seconds:.0f} s (load {load()})")
            result.update(drive(f"http://127.0.0.1:{port}", data, clients, seconds, report_base))
            result["load_avg"] = os.getloadavg()[0]
        finally:
            for server_process in (process, reports):
                if server_process is not None:
                    server_process.terminate()
                    server_process.wait(30)
    save = result["actions"].get(SAVE, {})
    result["ok"] = result["errors"] == 0 and 0 < save.get("p95_ms", 0) < TARGET_SAVE_MS
    say(
        f"  load, {database}: {result['requests']:,} requests ({result['per_second']:.1f}/s), "
        f"{result['errors']} errors; saving p95 {save.get('p95_ms', 0):.0f} ms"
    )
    for sample in result["error_samples"]:
        say(f"    error: {sample}")
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| database | action | requests | errors | median (ms) | p95 (ms) | p95 / health p95 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    order = [SAVE, "open the entry form", *PAGES, BASELINE, "sign in"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['database']} | failed: {r['error']} | | | | | |")
            continue
        base = r["actions"].get(BASELINE, {}).get("p95_ms") or 0
        for action in order:
            a = r["actions"].get(action)
            if a is None:
                continue
            ratio = f"{a['p95_ms'] / base:.1f}x" if base else "—"
            lines.append(
                f"| {r['database']} | {action} | {a['count']:,} | {a['errors']} "
                f"| {a['median_ms']:.0f} | {a['p95_ms']:.0f} | {ratio} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--load-seconds", type=float, default=SECONDS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--interventions", type=int, default=INTERVENTIONS)
    parser.add_argument("--worker-result")
    args = parser.parse_args()
    if args.worker_result:
        worker(args)
        return
    results = []
    for database in args.databases.split(","):
        if database == "postgresql":
            with postgresql_server() as server:
                results.append(
                    measure(database, server, args.load_seconds, args.clients, args.interventions)
                )
        else:
            results.append(
                measure(database, None, args.load_seconds, args.clients, args.interventions)
            )
    say(table(results))
    say(json.dumps([{k: v for k, v in r.items() if k != "actions"} for r in results]))


if __name__ == "__main__":
    main()
