"""Build a self-contained HTML page that draws MCTS search trees from ``trees.jsonl``.

The page holds everything it needs: the tree data as JSON inside a ``<script
type="application/json">`` element, and inline CSS and JavaScript. It loads nothing from the
network, so it opens from a file, offline, and can be mailed or attached to a report.

What it shows, per task (a selector switches between the file's tasks):

- a header: task id, problem text (folded), generator, mode, settings, best reward, node count;
- the tree as nested rows: each row has the node's kind, visits ``N``, value ``V/N`` (also as
  a bar), the terminal reward, and the first line of its step; the path to the best terminal
  node (:meth:`agents.mcts.tree.Tree.best_terminal`, the same choice the agent makes) is
  highlighted and expanded when the page opens;
- a details panel for the selected node: the full step text, every statistic and the terminal
  node's per-test results (public or TCG tests: trees never hold hidden-test results).

Speed: children are turned into DOM elements only when their parent is first expanded, and long
child lists are shown 100 at a time, so a tree of thousands of nodes opens at once.

Safety: every text from the file is inserted with ``textContent``, never as HTML, so a step that
contains markup (``</script>``...) is shown, not run.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["build_html", "load_records", "viewer_payload", "write_html"]

#: Record fields shown in the page header when present (the rest of a record is not needed).
_HEADER_FIELDS = ("mode", "generator", "reward_tests", "prompt_version", "rollouts",
                  "best_reward", "solved", "wall_s", "source", "split")


def load_records(path: str | Path, task: str | None = None) -> list[dict[str, Any]]:
    """Read tree records (one JSON object per line) from a ``trees.jsonl`` file.

    Args:
        path: The file ``o1coder mcts`` wrote.
        task: Keep only the record of this task id.

    Returns:
        The records, in file order.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        ValueError: If a line is not a tree record (see
            :func:`agents.mcts.export.read_tree_records`; the message names the file and line),
            if the file holds no record, or if ``task`` is not in it (the message lists the ids
            that are).
    """
    from agents.mcts.export import read_tree_records

    records = list(read_tree_records(path))
    if not records:
        raise ValueError(f"{path}: no tree record in the file")
    if task is not None:
        chosen = [r for r in records if r["task_id"] == task]
        if not chosen:
            known = ", ".join(str(r["task_id"]) for r in records[:20])
            more = f" (and {len(records) - 20} more)" if len(records) > 20 else ""
            raise ValueError(f"{path}: no tree for task {task!r}; the file has: {known}{more}")
        records = chosen
    return records


def _compact_node(node: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of one node the page uses, under short keys (a big tree is mostly nodes)."""
    return {
        "i": node["id"],
        "p": node["parent"],
        "s": node.get("step", ""),
        "k": node.get("kind", ""),
        "d": node.get("depth", 0),
        "n": node.get("visits", 0),
        "v": node.get("value", 0.0),
        "q": node.get("value_sum", 0.0),
        "t": bool(node.get("terminal", False)),
        "r": node.get("reward"),
        "l": node.get("leaf_value"),
        "c": node.get("count", 1),
        "pr": node.get("prior"),
        "lp": node.get("logprob"),
        "x": node.get("details") or {},
        "ch": list(node.get("children", [])),
    }


def viewer_payload(record: Mapping[str, Any]) -> dict[str, Any]:
    """The data the page needs for one task's tree.

    The best path is computed with :class:`agents.mcts.tree.Tree` (which also checks that the
    nodes form a consistent tree), so the page highlights exactly the trace the agent replays.

    Raises:
        ValueError: If the record's tree is not a consistent tree (message names the task).
    """
    from agents.mcts.tree import Tree

    try:
        tree = Tree.from_dict(record["tree"])
    except ValueError as exc:
        raise ValueError(f"task {record.get('task_id')!r}: {exc}") from None
    best = tree.best_terminal()
    best_path = [0] + ([n.id for n in tree.path(best)] if best is not None else [])
    nodes = [_compact_node(n.to_dict()) for n in tree.nodes]
    header = {name: record[name] for name in _HEADER_FIELDS if name in record}
    return {
        "task_id": str(record["task_id"]),
        "problem": str(record.get("problem", "")),
        "header": header,
        "config": dict(record.get("config") or {}),
        "root_steps": list(tree.root_steps),
        "best_path": best_path,
        "n_terminals": sum(1 for n in tree.nodes if n.terminal and n.reward is not None),
        "nodes": nodes,
    }


def _script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` characters)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def build_html(records: Iterable[Mapping[str, Any]], *, title: str = "o1coder search trees") -> str:
    """The whole HTML page for these tree records (one entry of the task selector each).

    Args:
        records: Tree records (lines of ``trees.jsonl``).
        title: The page title.

    Raises:
        ValueError: If there is no record, or a record's tree is inconsistent.
    """
    payload = [viewer_payload(r) for r in records]
    if not payload:
        raise ValueError("no tree record to draw")
    return (_PAGE.replace("__TITLE__", html.escape(title))
            .replace("__CSS__", _CSS).replace("__JS__", _JS)
            .replace("__DATA__", _script_json(payload)))


def write_html(trees: str | Path, out: str | Path, *, task: str | None = None,
               title: str | None = None) -> Path:
    """Read ``trees`` (a ``trees.jsonl``) and write the viewer page to ``out``.

    Args:
        trees: The tree file from ``o1coder mcts``.
        out: The HTML file to write (its folder is created).
        task: Draw only this task's tree.
        title: Page title (default: names the tree file).

    Returns:
        ``out`` as a Path.
    """
    records = load_records(trees, task=task)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    page = build_html(records, title=title or f"o1coder search trees: {Path(trees).name}")
    out.write_text(page, encoding="utf-8")
    return out


def _join(lines: Sequence[str]) -> str:
    return "\n".join(lines)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>__TITLE__</title>
<style>__CSS__</style>
</head>
<body>
<header id="top">
  <h1>__TITLE__</h1>
  <label>Task <select id="task-select" aria-label="task"></select></label>
  <span class="controls">
    <button id="expand-best" type="button">Show best path</button>
    <button id="expand-all" type="button">Expand all</button>
    <button id="collapse-all" type="button">Collapse all</button>
  </span>
</header>
<main>
  <section id="left">
    <div id="task-meta"></div>
    <ul id="tree" class="tree" role="tree"></ul>
  </section>
  <aside id="details"><p class="hint">Click a node to see its full step and test results.</p>
  </aside>
</main>
<script type="application/json" id="tree-data">__DATA__</script>
<script>__JS__</script>
</body>
</html>
"""

_CSS = _join([
    "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1b1f24}",
    "header{position:sticky;top:0;z-index:2;background:#f4f6f8;border-bottom:1px solid #d0d7de;",
    "  padding:6px 12px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}",
    "h1{font-size:16px;margin:0}",
    "main{display:flex;gap:12px;padding:8px 12px;align-items:flex-start}",
    "#left{flex:3;min-width:0}",
    "#details{flex:2;position:sticky;top:52px;max-height:calc(100vh - 70px);overflow:auto;",
    "  border:1px solid #d0d7de;border-radius:6px;padding:8px;background:#fbfcfd}",
    "#task-meta summary{cursor:pointer}",
    "#task-meta .facts{display:flex;gap:12px;flex-wrap:wrap;margin:4px 0 8px}",
    "#task-meta .facts span{background:#eef1f4;border-radius:4px;padding:1px 6px}",
    "pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:6px;",
    "  border-radius:4px;margin:4px 0;font:12px/1.35 ui-monospace,Menlo,Consolas,monospace}",
    "ul.tree,ul.children{list-style:none;margin:0;padding-left:18px}",
    "ul.tree{padding-left:0}",
    ".row{display:flex;gap:6px;align-items:center;padding:1px 4px;border-radius:4px;",
    "  cursor:pointer;white-space:nowrap}",
    ".row:hover{background:#eef4ff}",
    ".row.selected{outline:2px solid #0969da}",
    ".row.best{background:#fff4c2}",
    ".row.best:hover{background:#ffeb99}",
    ".toggle{width:18px;height:18px;border:0;background:none;padding:0;cursor:pointer;",
    "  font-size:12px;color:#57606a}",
    ".toggle.leaf{visibility:hidden}",
    ".kind{font-size:11px;border-radius:3px;padding:0 4px;color:#fff;min-width:44px;",
    "  text-align:center}",
    ".kind-root{background:#57606a}.kind-outline{background:#8250df}",
    ".kind-refine{background:#0969da}.kind-code{background:#1a7f37}",
    ".kind-other{background:#9a6700}",
    ".stat{font:12px ui-monospace,Menlo,Consolas,monospace;color:#424a53}",
    ".bar{display:inline-block;width:40px;height:8px;background:#e6e9ec;border-radius:2px;",
    "  overflow:hidden}",
    ".bar i{display:block;height:100%;background:#2da44e}",
    ".reward{font:12px ui-monospace,Menlo,Consolas,monospace;border-radius:3px;padding:0 4px}",
    ".reward.pass{background:#dafbe1;color:#116329}.reward.part{background:#fff8c5}",
    ".reward.fail{background:#ffebe9;color:#a40e26}",
    ".text{overflow:hidden;text-overflow:ellipsis;color:#24292f;max-width:60ch}",
    ".more{margin:2px 0 2px 24px;font-size:12px}",
    "table.tests{border-collapse:collapse;font-size:12px;width:100%}",
    "table.tests td,table.tests th{border:1px solid #d0d7de;padding:2px 4px;text-align:left;",
    "  vertical-align:top}",
    ".st-passed{color:#116329}.st-failed,.st-error,.st-timeout,.st-memory,.st-crashed{",
    "  color:#a40e26}",
    ".hint{color:#57606a}",
    "dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:4px 0}",
    "dl.kv dt{color:#57606a}dl.kv dd{margin:0;font-family:ui-monospace,Menlo,monospace}",
])

_JS = r"""
"use strict";
(function () {
  var DATA = JSON.parse(document.getElementById("tree-data").textContent);
  var PAGE = 100;  // children shown per "show more" click: long sibling lists stay fast
  var state = null;  // {task, nodes, best:Set, expanded:Set, elements:Map, selected}

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(x, digits) {
    if (x === null || x === undefined) return "-";
    return Number(x).toFixed(digits === undefined ? 2 : digits);
  }
  function firstLine(step) {
    var lines = String(step || "").split("\n").map(function (s) { return s.trim(); })
      .filter(function (s) { return s && s.indexOf("```") !== 0; });
    return lines.length ? lines[0] : (step ? "(code)" : "");
  }
  function kindClass(k) {
    return ["root", "outline", "refine", "code"].indexOf(k) >= 0 ? "kind-" + k : "kind-other";
  }
  function rewardClass(r) { return r >= 1 ? "pass" : (r > 0 ? "part" : "fail"); }

  function row(node) {
    var r = el("div", "row");
    r.setAttribute("role", "treeitem");
    r.dataset.id = node.i;
    if (state.best.has(node.i)) r.classList.add("best");
    var t = el("button", "toggle" + (node.ch.length ? "" : " leaf"),
               node.ch.length ? "\u25b8" : "");
    t.type = "button";
    t.setAttribute("aria-label", "expand");
    t.addEventListener("click", function (ev) { ev.stopPropagation(); toggle(node.i); });
    r.appendChild(t);
    r.appendChild(el("span", "kind " + kindClass(node.k), node.k || "?"));
    r.appendChild(el("span", "stat", "N=" + node.n));
    var bar = el("span", "bar");
    var fill = el("i");
    fill.style.width = Math.round(100 * Math.max(0, Math.min(1, node.v || 0))) + "%";
    bar.appendChild(fill);
    bar.title = "V/N = " + fmt(node.v, 3);
    r.appendChild(bar);
    r.appendChild(el("span", "stat", "V/N=" + fmt(node.v)));
    if (node.t && node.r !== null && node.r !== undefined) {
      var x = node.x || {};
      var label = "r=" + fmt(node.r);
      if (x.total_tests !== undefined) label += " (" + x.passed_tests + "/" + x.total_tests + ")";
      r.appendChild(el("span", "reward " + rewardClass(node.r), label));
    }
    if (node.c > 1) r.appendChild(el("span", "stat", "\u00d7" + node.c));
    r.appendChild(el("span", "text", node.i === 0 ? "(problem)" : firstLine(node.s)));
    r.addEventListener("click", function () {
      select(node.i);
      if (!state.expanded.has(node.i)) toggle(node.i);
    });
    return r;
  }

  function item(id) {
    var node = state.nodes[id];
    var li = el("li", "node");
    li.dataset.id = id;
    li.appendChild(row(node));
    state.elements.set(id, li);
    return li;
  }

  function renderChildren(li, node, count) {
    var ul = li.querySelector(":scope > ul.children");
    if (!ul) { ul = el("ul", "children"); ul.setAttribute("role", "group"); li.appendChild(ul); }
    var shown = ul.childElementCount - (ul.querySelector(":scope > li.more-li") ? 1 : 0);
    var old = ul.querySelector(":scope > li.more-li");
    if (old) old.remove();
    var end = Math.min(node.ch.length, shown + count);
    for (var j = shown; j < end; j++) ul.appendChild(item(node.ch[j]));
    if (end < node.ch.length) {
      var moreLi = el("li", "more-li");
      var b = el("button", "more", "show " + Math.min(PAGE, node.ch.length - end) + " more of "
                 + (node.ch.length - end) + " hidden children");
      b.type = "button";
      b.addEventListener("click", function () { renderChildren(li, node, PAGE); });
      moreLi.appendChild(b);
      ul.appendChild(moreLi);
    }
    return ul;
  }

  function setExpanded(id, open) {
    var li = state.elements.get(id);
    var node = state.nodes[id];
    if (!li || !node.ch.length) return;
    var ul = li.querySelector(":scope > ul.children");
    if (open) {
      if (!ul) ul = renderChildren(li, node, PAGE);  // built on first expansion only
      ul.hidden = false;
      state.expanded.add(id);
    } else {
      if (ul) ul.hidden = true;
      state.expanded.delete(id);
    }
    var t = li.querySelector(":scope > .row > .toggle");
    t.textContent = open ? "\u25be" : "\u25b8";
    t.setAttribute("aria-expanded", open ? "true" : "false");
    li.querySelector(":scope > .row").setAttribute("aria-expanded", open ? "true" : "false");
  }
  function toggle(id) { setExpanded(id, !state.expanded.has(id)); }

  function ensureVisible(id) {
    // Expand the ancestors (top-down) so the node's element exists, paging in if needed.
    var chain = [];
    for (var n = state.nodes[id]; n && n.p !== null; n = state.nodes[n.p]) chain.push(n.p);
    chain.reverse().forEach(function (a) {
      setExpanded(a, true);
      var li = state.elements.get(a);
      while (!state.elements.has(state.nodes[a].ch.find(function (c) {
        return c === id || chain.indexOf(c) >= 0; }))) {
        renderChildren(li, state.nodes[a], PAGE);
      }
    });
  }

  function testsTable(results) {
    var table = el("table", "tests");
    var head = el("tr");
    ["#", "status", "error", "message"].forEach(function (h) {
      head.appendChild(el("th", null, h));
    });
    table.appendChild(head);
    results.forEach(function (res, k) {
      var tr = el("tr");
      tr.appendChild(el("td", null, k + 1));
      tr.appendChild(el("td", "st-" + res.status, res.status));
      tr.appendChild(el("td", null, res.error_type || ""));
      tr.appendChild(el("td", null, res.message || ""));
      table.appendChild(tr);
    });
    return table;
  }

  function kv(pairs) {
    var dl = el("dl", "kv");
    pairs.forEach(function (p) {
      dl.appendChild(el("dt", null, p[0]));
      dl.appendChild(el("dd", null, p[1]));
    });
    return dl;
  }

  function select(id) {
    var previous = state.selected === null ? null : state.elements.get(state.selected);
    if (previous) {
      previous.querySelector(":scope > .row").classList.remove("selected");
    }
    state.selected = id;
    if (state.elements.has(id)) {
      state.elements.get(id).querySelector(":scope > .row").classList.add("selected");
    }
    var node = state.nodes[id];
    var box = document.getElementById("details");
    box.textContent = "";
    box.appendChild(el("h2", null, "Node " + id + " (" + (node.k || "?") + ")"
                       + (state.best.has(id) ? " \u2605 best path" : "")));
    box.appendChild(kv([
      ["depth", node.d], ["visits N", node.n], ["value V/N", fmt(node.v, 4)],
      ["value sum V", fmt(node.q, 4)], ["terminal", node.t ? "yes" : "no"],
      ["reward", fmt(node.r, 4)], ["leaf value (PRM)", fmt(node.l, 4)],
      ["prior", fmt(node.pr, 4)], ["log-prob", fmt(node.lp, 4)],
      ["merged samples", node.c], ["children", node.ch.length],
    ]));
    box.appendChild(el("h3", null, id === 0 ? "Problem" : "Step"));
    box.appendChild(el("pre", "step", id === 0 ? state.task.problem : node.s));
    var x = node.x || {};
    if (x.results && x.results.length) {
      box.appendChild(el("h3", null,
                         "Tests: " + x.passed_tests + " / " + x.total_tests + " passed"));
      box.appendChild(testsTable(x.results));
    } else if (x.status) {
      box.appendChild(el("p", null, "status: " + x.status));
    }
  }

  function renderMeta(task) {
    var meta = document.getElementById("task-meta");
    meta.textContent = "";
    meta.appendChild(el("h2", null, task.task_id));
    var facts = el("div", "facts");
    var h = task.header;
    Object.keys(h).forEach(function (k) {
      var v = h[k];
      if (typeof v === "number" && !Number.isInteger(v)) v = v.toFixed(3);
      facts.appendChild(el("span", null, k + ": " + v));
    });
    facts.appendChild(el("span", null, "nodes: " + task.nodes.length));
    facts.appendChild(el("span", null, "evaluated terminals: " + task.n_terminals));
    meta.appendChild(facts);
    var d = el("details");
    d.appendChild(el("summary", null, "Problem and search settings"));
    d.appendChild(el("pre", null, task.problem));
    d.appendChild(el("pre", null, JSON.stringify(task.config, null, 1)));
    meta.appendChild(d);
  }

  function showBest() {
    var path = state.task.best_path;
    path.forEach(function (id, k) { if (k < path.length - 1) ensureVisible(path[k + 1]); });
    path.forEach(function (id) { if (state.nodes[id].ch.length) setExpanded(id, true); });
    var last = path[path.length - 1];
    select(last);
  }

  function render(index) {
    var task = DATA[index];
    state = {task: task, nodes: task.nodes, best: new Set(task.best_path), expanded: new Set(),
             elements: new Map(), selected: null};
    renderMeta(task);
    var tree = document.getElementById("tree");
    tree.textContent = "";
    tree.appendChild(item(0));
    setExpanded(0, true);
    showBest();
    document.body.dataset.task = task.task_id;
  }

  var sel = document.getElementById("task-select");
  DATA.forEach(function (task, k) {
    var o = el("option", null, task.task_id + (task.header.solved ? " \u2713" : ""));
    o.value = k;
    sel.appendChild(o);
  });
  if (DATA.length < 2) sel.disabled = true;
  sel.addEventListener("change", function () { render(Number(sel.value)); });
  document.getElementById("expand-best").addEventListener("click", showBest);
  document.getElementById("collapse-all").addEventListener("click", function () {
    Array.from(state.expanded).forEach(function (id) { if (id !== 0) setExpanded(id, false); });
  });
  document.getElementById("expand-all").addEventListener("click", function () {
    // Breadth-first so every parent exists before its children; all pages of children shown.
    var queue = [0];
    while (queue.length) {
      var id = queue.shift();
      var node = state.nodes[id];
      if (!node.ch.length) continue;
      setExpanded(id, true);
      var li = state.elements.get(id);
      while (!state.elements.has(node.ch[node.ch.length - 1])) renderChildren(li, node, PAGE);
      node.ch.forEach(function (c) { queue.push(c); });
    }
  });
  render(0);
  document.body.dataset.ready = "1";
})();
"""
