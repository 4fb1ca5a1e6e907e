"""The page's one watcher: a change saved by another client reaches open pages by itself,
from the folder store (its change stamp) and from PostgreSQL (LISTEN/NOTIFY), also after
the server dropped every connection."""

import asyncio
import contextlib

import psycopg

from escalation_tui.domain.enums import Audience
from escalation_tui.errors import StoreError
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore, open_store
from escalation_tui.web.app import create_app
from escalation_tui.web.tokens import TokenFile

BOUND = 20.0  # seconds: a test that waits longer has failed (not a timing claim)


async def _next_page(viewer) -> str:
    while True:
        message = await asyncio.wait_for(viewer.queue.get(), BOUND)
        assert message is not None, "the viewer was dropped"
        text = message.decode()
        if "event: page" in text:
            return text


async def _next_state(viewer, wanted: bytes) -> None:
    deadline = asyncio.get_running_loop().time() + 3 * BOUND  # fail, never hang
    while True:
        assert asyncio.get_running_loop().time() < deadline, f"never saw {wanted!r}"
        message = await asyncio.wait_for(viewer.queue.get(), BOUND)
        assert message is not None, "the viewer was dropped"
        if wanted in message:
            return


async def _shows_changes_from_another_client(web_service, other_service, config, incident_id) -> None:
    _app, hub = create_app(web_service, TokenFile(config))
    await hub.start()
    try:
        viewer = hub.subscribe((Audience.EXECUTIVE, incident_id))
        other = await asyncio.to_thread(other_service.open, incident_id)
        await asyncio.to_thread(other.log_update, "executive", "Rolled back; errors <gone>")
        page = await _next_page(viewer)
        assert "Rolled back; errors &lt;gone&gt;" in page
        assert hub.stale_since is None and hub.dropped == 0
        return None
    finally:
        await hub.stop()


def _log_after_the_drop(service: IncidentService, incident_id: str) -> None:
    with contextlib.suppress(StoreError):  # this client's connection was dropped too: the next reconnects
        service.open(incident_id)
    service.open(incident_id).log_update("executive", "After the restart")


async def test_folder_store_change_from_another_instance_reaches_the_page(store_path, clock, tmp_path):
    mine = IncidentService(IncidentStore(store_path), clock, "web")
    theirs = IncidentService(IncidentStore(store_path), clock, "dana")  # another window, as a process would
    session = theirs.declare("Checkout API returning 500s", severity=1, kind="technical")
    await _shows_changes_from_another_client(mine, theirs, tmp_path / "config", session.id)


async def test_postgres_notify_reaches_the_page_also_after_the_server_dropped_every_connection(
    pg_url, clock, tmp_path
):
    web_store, other_store = open_store(pg_url), open_store(pg_url)
    try:
        mine = IncidentService(web_store, clock, "web")
        theirs = IncidentService(other_store, clock, "dana")
        session = await asyncio.to_thread(theirs.declare, "Checkout", 1, "technical")
        await _shows_changes_from_another_client(mine, theirs, tmp_path / "config", session.id)

        _app, hub = create_app(mine, TokenFile(tmp_path / "config"))
        await hub.start()
        try:
            viewer = hub.subscribe((Audience.EXECUTIVE, session.id))
            with psycopg.connect(pg_url, autocommit=True) as admin:  # as a server restart looks to clients
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'escalation-tui' AND pid <> pg_backend_pid()"
                )
            await asyncio.to_thread(_log_after_the_drop, theirs, session.id)
            page = await _next_page(viewer)
            deadline = asyncio.get_running_loop().time() + 6 * BOUND  # fail, never hang
            while "After the restart" not in page:
                assert asyncio.get_running_loop().time() < deadline, "the change never reached the page"
                page = await _next_page(viewer)
            assert hub.stale_since is None
        finally:
            await hub.stop()
    finally:
        web_store.close()
        other_store.close()


async def test_a_postgresql_restart_makes_the_page_stale_then_live_again_by_itself(
    pg_server, pg_url, clock, tmp_path
):
    store, other_store = open_store(pg_url), open_store(pg_url)
    mine, theirs = IncidentService(store, clock, "web"), IncidentService(other_store, clock, "dana")
    session = await asyncio.to_thread(theirs.declare, "Checkout", 1, "technical")
    _app, hub = create_app(mine, TokenFile(tmp_path / "config"))
    await hub.start()
    try:
        viewer = hub.subscribe((Audience.EXECUTIVE, session.id))
        await asyncio.to_thread(pg_server.stop)
        await _next_state(viewer, b"data: stale ")  # the watcher finds the server gone
        assert session.id in hub.incidents  # the last state is kept
        await asyncio.to_thread(pg_server.start)
        await _next_state(viewer, b"data: live")
        await asyncio.to_thread(_log_after_the_drop, theirs, session.id)
        deadline = asyncio.get_running_loop().time() + 6 * BOUND  # fail, never hang
        while "After the restart" not in await _next_page(viewer):
            assert asyncio.get_running_loop().time() < deadline, "the change never reached the page"
    finally:
        await asyncio.to_thread(pg_server.ensure_running)
        await hub.stop()
        store.close()
        other_store.close()
