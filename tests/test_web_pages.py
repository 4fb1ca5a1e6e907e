"""What the stakeholder page shows, to whom; confidential incidents; hostile text."""

import pytest
from web_pages import HOSTILE, parse, served, token_for


@pytest.fixture
def config(tmp_path):
    return tmp_path / "config"


def _fill(session, clock):
    session.set_text("impact", "30% of checkout requests fail")
    session.set_text("affected", "EU web customers")
    session.set_roles({"commander": "dana", "comms": "kim"})
    session.add_note("Pool exhausted after 2.3.1", kind="finding")
    session.add_action("Alert on pool saturation", owner="kim", priority="P1")
    session.set_link("bridge", "https://meet.example.com/inc-42")
    clock.advance(minutes=5)
    session.log_update("internal", "Internal: rolling back 2.3.1")
    session.log_update("executive", "Errors contained; fix in review")


def test_each_audience_sees_its_own_update_and_only_internal_sees_the_team(service, session, config, clock):
    _fill(session, clock)
    page = f"/i/{session.incident.id}"
    with served(service, config) as client:
        client.get(f"/?token={token_for(config, 'executive')}")
        executive = client.get(page).text
        client.get(f"/?token={token_for(config, 'internal')}")
        internal = client.get(page).text
        client.get(f"/?token={token_for(config, 'customer')}")
        customer = client.get(page).text
    assert "Errors contained; fix in review" in executive and "Internal: rolling back" not in executive
    for outside in (executive, customer):
        for team_only in (
            "Pool exhausted",
            "Alert on pool saturation",
            "meet.example.com",
            "dana",
            "Open actions",
        ):
            assert team_only not in outside
        assert "30% of checkout requests fail" in outside and "EU web customers" in outside
    assert "No update yet." in customer
    for everything in ("Pool exhausted", "Alert on pool saturation", "dana", "kim", "Comms lead"):
        assert everything in internal
    assert 'href="https://meet.example.com/inc-42" rel="noopener noreferrer"' in internal
    assert 'Status: <strong class="status status-investigating">investigating</strong>' in internal


def test_the_next_update_is_honest_when_overdue(service, session, config, clock):
    with served(service, config) as client:
        client.get(f"/?token={token_for(config, 'executive')}")
        assert "in 15 min" in client.get(f"/i/{session.incident.id}").text  # SEV1: first within 15
        clock.advance(minutes=20)
        page = client.get(f"/i/{session.incident.id}").text
    assert "overdue by 5 min" in page and 'class="due overdue"' in page


def test_status_word_follows_the_phase(service, session, config):
    with served(service, config) as client:
        client.get(f"/?token={token_for(config, 'executive')}")
        words = []
        for phase in ("communicate", "resolve"):
            session.set_phase(phase)
            client.hub.refresh()
            words.append(client.get(f"/i/{session.incident.id}").text)
    assert "identified" in words[0] and "monitoring" in words[1]


def test_index_lists_open_incidents_most_urgent_first_and_never_a_confidential_one(service, config, clock):
    calm = service.declare("Slow reports", severity=3, kind="technical")
    urgent = service.declare("Checkout down", severity=1, kind="technical")
    secret = service.declare("Sensitive people matter", severity=1, kind="people")
    assert secret.incident.confidential
    done = service.declare("Old thing", severity=2, kind="technical")
    done.record_milestone("resolved")
    with served(service, config) as client:
        index = client.get(f"/?token={token_for(config, 'internal')}").text
    assert index.index("Checkout down") < index.index("Slow reports")
    assert "Sensitive" not in index and secret.incident.id not in index and "Old thing" not in index
    assert calm.incident.id in index and urgent.incident.id in index


def test_a_confidential_incident_answers_exactly_like_an_unknown_id(service, config):
    secret = service.declare("Sensitive people matter", severity=1, kind="people")
    with served(service, config) as client:
        client.get(f"/?token={token_for(config, 'internal')}")
        confidential = client.get(f"/i/{secret.incident.id}")
        unknown = client.get("/i/zzzzzz")
        prefix = client.get(f"/i/{secret.incident.id[:4]}")
        stream = client.get(f"/events?page={secret.incident.id}")
        stream_unknown = client.get("/events?page=zzzzzz")
    assert confidential.status_code == unknown.status_code == prefix.status_code == 404
    assert confidential.content == unknown.content == prefix.content
    assert {k: v for k, v in confidential.headers.items() if k != "date"} == {
        k: v for k, v in unknown.headers.items() if k != "date"
    }
    assert stream.status_code == stream_unknown.status_code == 204
    assert "Sensitive" not in confidential.text


def test_hostile_text_in_every_field_shows_as_text(service, config, clock):
    session = service.declare(HOSTILE[0] + HOSTILE[1], severity=1, kind="technical")
    for text, field in zip(HOSTILE, ["impact", "affected", "summary"] * 3, strict=True):
        session.set_text(field, text)
        session.add_note(text, kind="decision")
        session.add_action(text[:100], owner=text[:30])
        session.log_update("executive", text)
        session.log_update("internal", text)
    session.set_roles({"commander": HOSTILE[1][:40], "comms": HOSTILE[3][:40]})
    session.set_link(HOSTILE[0][:40], "plain text " + HOSTILE[3])
    with served(service, config) as client:
        pages = {}
        for audience in ("internal", "executive"):
            pages[f"{audience} index"] = client.get(f"/?token={token_for(config, audience)}").text
            pages[audience] = client.get(f"/i/{session.incident.id}").text
    for name, html in pages.items():
        tags = parse(html)
        scripts = [attrs for tag, attrs in tags.tags if tag == "script"]
        assert scripts == [{"src": "/static/live.js", "defer": None}], name
        assert not {tag for tag, _ in tags.tags} & {"img", "svg", "iframe", "object", "embed", "form"}, name
        for tag, attrs in tags.tags:
            assert not [a for a in attrs if a.startswith("on")], (name, tag, attrs)
            href = attrs.get("href") or ""
            assert not href.lower().startswith("javascript"), name
        text = "".join(tags.text)
        assert "<script>window.__pwned=1</script>" in text, name
        assert "index" in name or "{{7*7}} {% print 7*7 %} ${7*7}" in text, name
        assert not any(c in html for c in "\u202e\u2066\x1b\x00\x07"), name


def test_unreadable_store_says_stale_and_keeps_the_last_state(service, session, config, store_path, clock):
    from escalation_tui.web.app import create_app
    from escalation_tui.web.tokens import TokenFile

    _app, hub = create_app(service, TokenFile(config), clock=clock)
    assert hub.refresh() and hub.stale_since is None
    path = store_path / "incidents" / f"{session.incident.id}.json"
    good = path.read_bytes()
    session.log_update("executive", "A newer word")
    path.write_bytes(b"{not json")
    clock.advance(minutes=1)
    hub.refresh()
    assert hub.stale_since == clock.now()
    assert hub.incidents[session.incident.id].title == "Checkout API returning 500s"
    path.write_bytes(good)
    hub.refresh()
    assert hub.stale_since is None


def test_a_viewer_that_never_reads_is_dropped_without_holding_the_others(service, session, config, clock):
    import asyncio

    from escalation_tui.domain.enums import Audience
    from escalation_tui.web.app import create_app
    from escalation_tui.web.live import QUEUE_SIZE
    from escalation_tui.web.tokens import TokenFile

    async def scenario():
        _app, hub = create_app(service, TokenFile(config), clock=clock)
        hub.refresh()
        topic = (Audience.EXECUTIVE, session.incident.id)
        stuck, reader = hub.subscribe(topic), hub.subscribe(topic)
        for n in range(QUEUE_SIZE + 3):
            session.log_update("executive", f"update {n}")
            hub.refresh()
            hub.broadcast()
            reader.queue.get_nowait()  # this one keeps up
        assert stuck.dropped and not reader.dropped
        assert stuck.queue.qsize() == 1 and stuck.queue.get_nowait() is None  # its backlog let go
        assert hub.viewer_count == 1 and hub.dropped == 1

    clock.advance(seconds=1)
    asyncio.run(scenario())


def test_root_path_prefixes_every_link(service, session, config):
    from starlette.testclient import TestClient

    from escalation_tui.web.app import create_app
    from escalation_tui.web.tokens import TokenFile

    token = token_for(config, "internal")
    app, _hub = create_app(service, TokenFile(config), root_path="/status")
    with TestClient(app, base_url="http://127.0.0.1/status", root_path="/status") as client:
        answer = client.get(f"/?token={token}", follow_redirects=False)
        assert answer.headers["location"] == "/status/"
        assert "Path=/status" in answer.headers["set-cookie"]
        page = client.get("/").text
    assert 'href="/status/static/page.css"' in page and f'href="/status/i/{session.incident.id}"' in page


def test_a_held_write_lock_never_holds_up_the_page(service, session, config, store, clock):
    """Another window in the middle of a change holds the incident's lock: the page reads anyway."""
    import threading

    from escalation_tui.web.app import create_app
    from escalation_tui.web.tokens import TokenFile

    _app, hub = create_app(service, TokenFile(config), clock=clock)
    with store.locked(session.id):
        reader = threading.Thread(target=hub.refresh, daemon=True)
        reader.start()
        reader.join(timeout=20)
        assert not reader.is_alive()
    assert session.id in hub.incidents and hub.stale_since is None


def test_a_damaged_file_of_an_incident_never_shown_leaves_the_pages_live(
    service, session, config, store_path
):
    from escalation_tui.web.app import create_app
    from escalation_tui.web.tokens import TokenFile

    (store_path / "incidents" / "zz0000.json").write_bytes(b"{not json")
    _app, hub = create_app(service, TokenFile(config))
    assert hub.refresh() and hub.stale_since is None and list(hub.incidents) == [session.id]
