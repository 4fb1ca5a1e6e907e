// Parses Mermaid diagrams with the real mermaid package (what GitHub and GitLab run).
// stdin: a JSON array of diagram texts. stdout: a JSON array, one result per diagram:
// {"ok": true, "type": "gantt", "title": ..., "tasks": [{"section", "name", "milestone"}]}
// or {"ok": false, "error": "..."}. One Node start for many diagrams keeps the test fast.
// mermaid expects a browser: jsdom supplies the window DOMPurify needs.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let input = "";
for await (const chunk of process.stdin) input += chunk;

const results = [];
for (const text of JSON.parse(input)) {
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const result = { ok: true, type: diagram.type };
    if (diagram.type === "gantt") {
      result.title = db.getDiagramTitle();
      result.axisFormat = db.getAxisFormat();
      // getTasks() resolves every start and end time: a bad date fails here, as in a render
      result.tasks = db.getTasks().map((t) => ({
        section: t.section,
        name: t.task,
        milestone: Boolean(t.milestone),
        start: t.startTime.toISOString(),
      }));
    }
    results.push(result);
  } catch (error) {
    results.push({ ok: false, error: String(error.message ?? error) });
  }
}
console.log(JSON.stringify(results));
