"""Team mode says "saved" or "not saved", and is right (store/postgres/outcome.py).

Three writer processes add notes to one incident as fast as they can while the server's
backends are killed (pg_terminate_backend) about every 0.7 s and the server is restarted
once. A kill can land after COMMIT was sent: the note is committed but its reply is lost.
That window is narrow, so each writer also loses the reply of a few commits on purpose
(the connection is closed just after the server committed, as a dropped network would).
Every answer is then compared with the timeline: no "not saved" note is on it, no "saved"
note is missing, and no note is there twice.
"""

import os
import random
import time
from collections import Counter
from pathlib import Path

import psycopg

from escalation_tui.domain.clock import SystemClock
from escalation_tui.errors import StoreError
from escalation_tui.service import IncidentService
from escalation_tui.store import open_store

WRITERS = ("commander", "comms", "scribe")
WRITING_SECONDS = 12.0
KILL_EVERY = 0.7
LOST_REPLY = 0.04  # the share of a writer's commits whose reply it loses on purpose


def _lose_some_commit_replies(rng: random.Random, injected: list[int]) -> None:
    """In a writer: after the server committed, sometimes drop the connection before the reply."""
    execute = psycopg.Connection.execute

    def commit_then_drop(self, query, params=None, **options):
        result = execute(self, query, params, **options)
        if query == "COMMIT" and rng.random() < LOST_REPLY:
            injected.append(1)
            self.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return result

    psycopg.Connection.execute = commit_then_drop  # type: ignore[method-assign]


def _writer(url: str, incident_id: str, name: str, until: float, out: Path, ready: int) -> None:
    rng = random.Random(name)
    injected: list[int] = []
    session = IncidentService(open_store(url), SystemClock(), actor=name).open(incident_id)
    _lose_some_commit_replies(rng, injected)
    os.write(ready, b".")
    with out.open("w") as answers:
        n = 0
        while time.monotonic() < until:
            text = f"{name} note {n}"
            n += 1
            lost_before = len(injected)
            try:
                session.add_note(text)
                answer = "saved"
            except StoreError as error:
                answer = "not saved" if "nothing was saved" in str(error) else f"unclear: {error}"
            lost = "lost-reply" if len(injected) > lost_before else "-"
            answers.write(f"{answer}\t{lost}\t{text}\n")
            answers.flush()


def _fork(work) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def _kill_backends(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as admin:
        return admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'escalation-tui' AND pid <> pg_backend_pid()"
        ).fetchone()[0]


def test_every_answer_under_backend_kills_and_a_restart_is_right(pg_url, pg_server, tmp_path):
    store = open_store(pg_url)
    incident_id = IncidentService(store, SystemClock()).declare("Flapping database", 1, "technical").id
    store.close()
    until = time.monotonic() + WRITING_SECONDS
    ready, started = os.pipe()
    children = [
        _fork(lambda n=name: _writer(pg_url, incident_id, n, until, tmp_path / n, started))
        for name in WRITERS
    ]
    os.close(started)
    seen = b""
    while len(seen) < len(WRITERS):  # every writer has its session open before the faults start
        seen += os.read(ready, len(WRITERS))
    kills = terminated = 0
    restarted = False
    try:
        while time.monotonic() < until - KILL_EVERY:
            time.sleep(KILL_EVERY)  # paces the faults; nothing is asserted about time
            if not restarted and time.monotonic() > until - WRITING_SECONDS / 2:
                pg_server.stop()
                pg_server.start()
                restarted = True
            else:
                terminated += _kill_backends(pg_server.url())
                kills += 1
    finally:
        pg_server.ensure_running()
        statuses = [os.waitpid(pid, 0)[1] for pid in children]
        os.close(ready)
    assert statuses == [0] * len(WRITERS)

    answers = [line.split("\t") for name in WRITERS for line in (tmp_path / name).read_text().splitlines()]
    check = open_store(pg_url)
    incident = check.load(incident_id)
    check.close()
    on_timeline = Counter(e.text for e in incident.timeline)
    said = Counter(answer.split(":")[0] for answer, _, _ in answers)
    wrong_not_saved = [text for answer, _, text in answers if answer == "not saved" and on_timeline[text]]
    lost = [text for answer, _, text in answers if answer == "saved" and not on_timeline[text]]
    unclear = [answer for answer, _, _ in answers if answer.startswith("unclear")]
    duplicates = [text for text, count in on_timeline.items() if count > 1]
    lost_replies = [answer for answer, lost_reply, _ in answers if lost_reply == "lost-reply"]
    print(
        f"{len(answers)} changes, {dict(said)}; {kills} kill rounds ({terminated} backends), "
        f"restarted: {restarted}; {len(lost_replies)} lost replies, answered {Counter(lost_replies)}; "
        f"wrong 'not saved' {len(wrong_not_saved)}, lost {len(lost)}, duplicates {len(duplicates)}"
    )
    assert restarted and kills >= 5 and said["not saved"] >= 1  # the faults did hit changes
    assert lost_replies and set(lost_replies) == {"saved"}  # committed, though the reply was lost
    assert unclear == [] and wrong_not_saved == [] and lost == [] and duplicates == []
    assert incident.revision == len(incident.timeline) - 1  # every change whole, or not at all
