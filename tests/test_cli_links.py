"""escalation-tui link: labelled addresses on an incident, shown, exported and imported safely."""

import json

import pytest
from markdown_it import MarkdownIt

from escalation_tui.domain.enums import EventKind
from escalation_tui.domain.links import ADDRESS_MAX
from escalation_tui.export.json_format import FORMAT_VERSION
from escalation_tui.store import SCHEMA_VERSION, IncidentStore, migrations

MD = MarkdownIt("commonmark").enable("table")


def _links(store_path, incident_id):
    return [(link.label, link.url) for link in IncidentStore(store_path).load(incident_id).links]


def test_add_change_and_remove_a_link_each_on_the_timeline(cli, session, store_path):
    assert cli("link", session.id, "bridge", "https://meet.example.com/abc") == (0, "", "")
    assert cli("link", session.id, "channel", "#inc-checkout on Slack") == (0, "", "")  # plain text
    assert _links(store_path, session.id) == [
        ("bridge", "https://meet.example.com/abc"),
        ("channel", "#inc-checkout on Slack"),
    ]
    assert cli("link", session.id, "Bridge", "tel:+15550100")[0] == 0  # same label, any case
    assert _links(store_path, session.id)[0] == ("Bridge", "tel:+15550100")
    assert cli("link", session.id[:4], "CHANNEL", "--remove")[0] == 0
    assert _links(store_path, session.id) == [("Bridge", "tel:+15550100")]

    events = [e for e in IncidentStore(store_path).load(session.id).timeline if e.text.startswith("Link")]
    assert [(e.kind, e.text) for e in events] == [
        (EventKind.CHANGE, "Link added: bridge https://meet.example.com/abc"),
        (EventKind.CHANGE, "Link added: channel #inc-checkout on Slack"),
        (EventKind.CHANGE, "Link changed: Bridge https://meet.example.com/abc → tel:+15550100"),
        (EventKind.CHANGE, "Link removed: channel #inc-checkout on Slack"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["runbook", "javascript:alert(1)"], "scheme 'javascript' is not allowed"),
        (["runbook", "data:text/html,<b>x</b>"], "scheme 'data' is not allowed"),
        (["runbook", "file:///etc/passwd"], "scheme 'file' is not allowed"),
        (["runbook", "https://example.com/a b"], "a URL cannot contain spaces"),
        (["runbook", "https://x/" + "a" * ADDRESS_MAX], "is too long"),
        (["x" * 81, "https://example.com"], "is too long"),
        (["   ", "https://example.com"], "must not be empty"),
        (["runbook", "\x1b\x07"], "must not be empty"),
        (["runbook"], "give the address after the label"),
        (["runbook", "https://example.com", "--remove"], "--remove takes only the label"),
        (["nothing-here", "--remove"], "no link labelled 'nothing-here'"),
    ],
)
def test_bad_links_are_refused_in_one_line_and_nothing_is_saved(cli, session, store_path, args, message):
    before = IncidentStore(store_path).load(session.id)
    code, out, err = cli("link", session.id, *args)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err
    assert IncidentStore(store_path).load(session.id) == before


def test_control_characters_are_stripped_where_a_link_enters(cli, session, store_path):
    assert cli("link", session.id, "dash\x1b[2Jboard\u202e", "https://grafana.example.com/d/x\x07")[0] == 0
    assert _links(store_path, session.id) == [("dash[2Jboard", "https://grafana.example.com/d/x")]


def test_show_lists_the_links(cli, session):
    cli("link", session.id, "bridge", "https://meet.example.com/abc")
    code, out, _ = cli("show", session.id)
    assert code == 0 and "Links:\n  bridge: https://meet.example.com/abc\n" in out


def test_the_post_mortem_shows_links_as_text_that_cannot_inject_markdown(cli, session):
    hostile_label = "| a | b | <script>x</script> [click](javascript:alert(1))"
    hostile_url = "https://x.example/`a`|b|[c](javascript:alert(1))<img/src=x>"
    assert cli("link", session.id, hostile_label, hostile_url)[0] == 0
    assert cli("link", session.id, "runbook", "go/runbook-checkout")[0] == 0
    code, doc, _ = cli("export", session.id, "-f", "markdown")
    assert code == 0 and "## Links" in doc
    tokens = MD.parse(doc)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline", "link_open")]
    inline = [t for t in tokens if t.type == "inline"]
    assert not [c for t in inline for c in t.children or [] if c.type in ("link_open", "html_inline")]
    # the links table keeps two columns, and each address reads back exactly
    html = MD.render(doc)
    links_table = html.split("<h2>Links</h2>", 1)[1].split("</table>", 1)[0]
    assert links_table.count("<th>") == 2 and links_table.count("<tr>") == 3
    codes = [c.content for t in inline for c in t.children or [] if c.type == "code_inline"]
    assert hostile_url in codes and "go/runbook-checkout" in codes


def test_no_links_no_section(cli, session):
    assert "## Links" not in cli("export", session.id, "-f", "markdown")[1]


def test_links_round_trip_through_json_and_version_1_files_still_import(cli, session, tmp_path):
    cli("link", session.id, "bridge", "https://meet.example.com/abc")
    exported = tmp_path / "x.json"
    assert cli("export", session.id, "-o", str(exported))[0] == 0
    document = json.loads(exported.read_text())
    assert document["version"] == FORMAT_VERSION == 5
    assert document["incident"]["links"] == [{"label": "bridge", "url": "https://meet.example.com/abc"}]
    code, new_id, _ = cli("import", str(exported), "--new-id")
    assert code == 0 and "bridge: https://meet.example.com/abc" in cli("show", new_id.strip())[1]

    del document["incident"]["links"]  # an export written before links (and problems) existed
    del document["incident"]["problems"]
    document["version"] = 1
    document["incident"]["id"] = "oldone"
    exported.write_text(json.dumps(document))
    code, out, err = cli("import", str(exported))
    assert (code, out, err) == (0, "oldone\n", "")


def test_an_old_store_file_without_links_loads_and_is_upgraded_on_save(session, store, store_path, cli):
    path = store.path_for(session.id)
    old = json.loads(path.read_text())
    old["meta"]["1"]["schema_version"] = 1
    del old["incident"]["1"]["links"]
    del old["incident"]["1"]["problems"]
    path.write_text(json.dumps(old))
    original = path.read_bytes()
    assert SCHEMA_VERSION == 5 and migrations.SCHEMA_VERSION == 5
    code, out, _ = cli("show", session.id)
    assert code == 0 and "Checkout API returning 500s" in out
    assert cli("link", session.id, "bridge", "https://meet.example.com/abc")[0] == 0
    saved = json.loads(path.read_text())
    assert saved["meta"]["1"]["schema_version"] == 5
    assert saved["incident"]["1"]["links"] == [{"label": "bridge", "url": "https://meet.example.com/abc"}]
    assert (store.backups_dir / f"{session.id}.schema-v1.json").read_bytes() == original


def test_a_file_with_a_label_used_twice_is_refused(cli, session, tmp_path):
    cli("link", session.id, "bridge", "https://meet.example.com/abc")
    exported = tmp_path / "x.json"
    cli("export", session.id, "-o", str(exported))
    document = json.loads(exported.read_text())
    document["incident"]["links"].append({"label": "BRIDGE", "url": "tel:+15550100"})
    exported.write_text(json.dumps(document))
    code, _, err = cli("import", str(exported), "--new-id")
    assert code == 1 and "the label 'BRIDGE' is used twice" in err
