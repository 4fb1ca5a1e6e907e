"""escalation-tui export --format markdown: the post-mortem from the command line."""

from markdown_it import MarkdownIt

from escalation_tui.cli import main


def run(store_path, clock, capsys, *args):
    code = main(["--db", str(store_path), *args], clock=clock)
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_export_to_stdout_and_file_match(store_path, clock, capsys, tmp_path):
    _, incident_id, _ = run(store_path, clock, capsys, "demo", "--no-open")
    code, stdout, err = run(store_path, clock, capsys, "export", incident_id.strip(), "--format", "markdown")
    assert code == 0 and err == ""
    assert stdout.startswith("# Post-mortem: Checkout API returning 500s\n")
    headings = [
        t.content for t in MarkdownIt("commonmark").enable("table").parse(stdout) if t.type == "inline"
    ]
    assert "Root cause" in headings and "Action items" in headings
    target = tmp_path / "pm.md"
    code, _, err = run(
        store_path, clock, capsys, "export", incident_id.strip(), "-f", "markdown", "-o", str(target)
    )
    assert code == 0 and target.read_text() == stdout and f"wrote {target}" in err


def test_confidential_incident_needs_explicit_consent(store_path, clock, capsys):
    _, incident_id, _ = run(store_path, clock, capsys, "new", "Lead is struggling", "-s", "2", "-k", "people")
    code, out, err = run(store_path, clock, capsys, "export", incident_id.strip(), "-f", "markdown")
    assert code == 1 and out == "" and "is confidential; add --confidential-ok" in err
    code, out, _ = run(
        store_path, clock, capsys, "export", incident_id.strip(), "-f", "markdown", "--confidential-ok"
    )
    assert code == 0 and out.startswith("> **Confidential.**")


def test_blaming_sentences_are_pointed_at_but_exported_unchanged(store_path, clock, capsys):
    _, incident_id, _ = run(store_path, clock, capsys, "new", "Checkout down", "-s", "1", "-k", "technical")
    sentence = "It was Bob's fault for skipping the review."
    run(store_path, clock, capsys, "note", incident_id.strip(), sentence, "--kind", "finding")
    code, out, err = run(store_path, clock, capsys, "export", incident_id.strip(), "-f", "markdown")
    assert code == 0
    assert "blame check: " in err and sentence in err
    assert "Bob's fault for skipping the review" in out.replace("\\", "")
