"""The search-tree viewer: HTML builder units, the CLI, and a real headless-browser check.

The browser test drives Debian's chromium with Playwright (never ``playwright install``: it uses
the system browser). It skips, saying what to install, when either is missing. Set
``O1CODER_UPDATE_SCREENSHOT=1`` to refresh ``docs/images/viewer.png`` from the browser test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from agents.mcts.tree import Tree
from benchmarks.viewer import build_html, load_records, viewer_payload, write_html
from o1coder_cli.main import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

OUTLINE = ("function two_sum(nums, target) -> (i, j)\n"
           "    seen <- map value -> index\n"
           "    for each index i, value x: if target - x in seen return (seen[target - x], i)")
REFINE = "refine: store x only after checking, so one element is never used twice"
GOOD_CODE = ("```python\ndef two_sum(nums, target):\n    seen = {}\n"
             "    for i, x in enumerate(nums):\n        if target - x in seen:\n"
             "            return (seen[target - x], i)\n        seen[x] = i\n```")
BAD_CODE = "```python\ndef two_sum(nums, target):\n    return (0, 1)\n```"


def _details(passed: list[bool]) -> dict[str, Any]:
    return {"status": None, "passed_tests": sum(passed), "total_tests": len(passed),
            "results": [{"status": "passed" if ok else "failed", "error_type": "",
                         "message": "" if ok else "returned (0, 1)"} for ok in passed]}


def _visit(tree: Tree, node_id: int, value: float) -> None:
    """Back up one rollout's value from a node to the root, as the search does."""
    node: Any = tree[node_id]
    while node is not None:
        node.visits += 1
        node.value_sum += value
        node = None if node.parent is None else tree[node.parent]


def make_record(task_id: str = "demo/two_sum", *, extra_steps: str = "") -> dict[str, Any]:
    """A small tree in the ``trees.jsonl`` format: root -> outline -> (refine -> code) | code."""
    tree = Tree()
    outline, _ = tree.add_child(tree.root, OUTLINE, "outline")
    other, _ = tree.add_child(tree.root, "function two_sum: try every pair" + extra_steps,
                              "outline")
    refine, _ = tree.add_child(outline, REFINE, "refine")
    good, _ = tree.add_child(refine, GOOD_CODE, "code")
    bad, _ = tree.add_child(outline, BAD_CODE, "code")
    bad2, _ = tree.add_child(other, BAD_CODE + "\n", "code")
    for node, passed in ((good, [True, True, True]), (bad, [True, False, False]),
                         (bad2, [False, False, False])):
        node.terminal = True
        node.reward = sum(passed) / len(passed)
        node.details = _details(passed)
        _visit(tree, node.id, node.reward)
    for node in tree:
        node.expanded = bool(node.children)
    return {"task_id": task_id, "problem": "Return the indices of two numbers adding to target.",
            "mode": "pseudocode", "generator": "test", "reward_tests": "public",
            "config": {"rollouts": 3}, "best_reward": 1.0, "solved": True, "rollouts": 3,
            "n_nodes": len(tree), "tree": tree.to_dict()}


def make_big_record(n_nodes: int, task_id: str = "demo/big", seed: int = 0) -> dict[str, Any]:
    """A random tree of ``n_nodes`` nodes (branching up to 8, a few hundred terminals)."""
    import random

    rng = random.Random(seed)
    tree = Tree()
    frontier = [tree.root]
    while len(tree) < n_nodes:
        parent = frontier[rng.randrange(len(frontier))]
        kind = "code" if parent.depth >= 3 or rng.random() < 0.2 else "refine"
        step = f"step {len(tree)} under {parent.id}" if kind != "code" else (
            f"```python\ndef f():\n    return {len(tree)}\n```")
        child, _ = tree.add_child(parent, step, kind if parent.depth else "outline")
        if kind == "code":
            passed = [rng.random() < 0.5 for _ in range(3)]
            child.terminal, child.reward = True, sum(passed) / 3
            child.details = _details(passed)
            _visit(tree, child.id, child.reward)
        else:
            frontier.append(child)
    return {"task_id": task_id, "problem": "A big random tree.", "tree": tree.to_dict()}


def write_trees(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- builder units ---------------------------------------------------------------------------

def _page_data(page: str) -> list[dict[str, Any]]:
    match = re.search(r'<script type="application/json" id="tree-data">(.*?)</script>', page,
                      re.S)
    assert match, "the page must embed its data"
    return json.loads(match.group(1))


def test_payload_best_path_is_the_trees_best_terminal() -> None:
    record = make_record()
    payload = viewer_payload(record)
    tree = Tree.from_dict(record["tree"])
    best = tree.best_terminal()
    assert best is not None and best.step == GOOD_CODE
    assert payload["best_path"] == [0] + [n.id for n in tree.path(best)]
    assert payload["best_path"] == [0, 1, 3, 4]
    assert payload["n_terminals"] == 3
    by_id = {n["i"]: n for n in payload["nodes"]}
    assert by_id[4]["x"]["passed_tests"] == 3 and by_id[4]["r"] == 1.0
    assert by_id[0]["n"] == 3 and abs(by_id[1]["v"] - (1.0 + 1 / 3) / 2) < 1e-9


def test_page_is_self_contained_and_round_trips_the_data() -> None:
    record = make_record()
    page = build_html([record, make_record("demo/other")])
    # No network: no external scripts, styles, images or fonts; a CSP that forbids them.
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert "<link" not in page and "@import" not in page
    assert "default-src 'none'" in page
    data = _page_data(page)
    assert [d["task_id"] for d in data] == ["demo/two_sum", "demo/other"]
    assert data[0]["nodes"][4]["s"] == GOOD_CODE


def test_markup_in_steps_cannot_break_out_of_the_data_block() -> None:
    evil = "</script><script>window.pwned = 1</script><!-- & \u2028"
    page = build_html([make_record(extra_steps=evil)])
    assert evil not in page and "window.pwned = 1</script>" not in page
    assert page.count("</script>") == 2  # the data block's and the code block's own
    data = _page_data(page)
    assert any(n["s"].endswith(evil) for n in data[0]["nodes"])


def test_load_records_errors_name_the_file_line_and_task(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="tree file not found"):
        load_records(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(make_record()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: not valid JSON"):
        load_records(bad)
    bad.write_text(json.dumps({"task_id": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1: tree record misses field 'tree'"):
        load_records(bad)
    good = write_trees(tmp_path / "t.jsonl", [make_record("a/1"), make_record("a/2")])
    with pytest.raises(ValueError, match=r"no tree for task 'a/3'; the file has: a/1, a/2"):
        load_records(good, task="a/3")
    assert [r["task_id"] for r in load_records(good, task="a/2")] == ["a/2"]
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no tree record"):
        load_records(tmp_path / "empty.jsonl")


def test_inconsistent_tree_is_rejected_with_the_task_id() -> None:
    record = make_record("demo/broken")
    record["tree"]["nodes"][2]["parent"] = 7
    with pytest.raises(ValueError, match=r"demo/broken.*invalid parent"):
        viewer_payload(record)


def test_view_cli_writes_the_page_and_reports_bad_input(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    trees = write_trees(tmp_path / "trees.jsonl", [make_record("a/1"), make_record("a/2")])
    out = tmp_path / "html" / "tree.html"
    assert main(["view", str(trees), "--out", str(out), "--task", "a/2"]) == 0
    assert [d["task_id"] for d in _page_data(out.read_text(encoding="utf-8"))] == ["a/2"]
    assert main(["view", str(trees)]) == 0  # default output: trees.html next to the input
    assert (tmp_path / "trees.html").exists()
    assert main(["view", str(tmp_path / "nope.jsonl")]) == 2
    assert "tree file not found" in capsys.readouterr().err


def test_big_tree_builds_fast(tmp_path: Path) -> None:
    record = make_big_record(3000)
    start = time.perf_counter()
    path = write_html(write_trees(tmp_path / "big.jsonl", [record]), tmp_path / "big.html")
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"building a 3000-node page took {elapsed:.1f}s"
    assert len(_page_data(path.read_text(encoding="utf-8"))[0]["nodes"]) == 3000


# --- real browser ----------------------------------------------------------------------------

def _chromium() -> str:
    path = os.environ.get("O1CODER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.skip("no chromium browser: install Debian's with `apt-get install -y chromium` "
                    "(or set O1CODER_CHROMIUM to a Chromium binary)")
    return path


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: `pip install playwright` "
        "(the system chromium is used; never `playwright install`)")
    executable = _chromium()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 820})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)
    return page, errors, requests


def test_browser_renders_expands_switches_tasks_and_screenshots(browser: Any,
                                                                tmp_path: Path) -> None:
    trees = write_trees(tmp_path / "trees.jsonl",
                        [make_record(), make_record("demo/second")])
    html_path = write_html(trees, tmp_path / "tree.html")
    page, errors, requests = _open(browser, html_path)
    try:
        # Opened on the best path: root, outline, refine and the passing code step.
        assert page.locator(".row.best").count() == 4
        assert page.locator("#details pre.step").inner_text() == GOOD_CODE.strip()
        assert "3 / 3 passed" in page.locator("#details").inner_text()
        # The second outline (node 2) is collapsed: its child is not in the DOM yet (lazy).
        assert page.locator("li.node[data-id='6']").count() == 0
        page.locator("li.node[data-id='2'] > .row .text").click()
        assert page.locator("li.node[data-id='6']").is_visible()
        assert page.locator("li.node[data-id='2'] > .row").get_attribute("aria-expanded") == "true"
        assert "Node 2 (outline)" in page.locator("#details h2").inner_text()
        page.locator("li.node[data-id='6'] > .row .text").click()
        assert "0 / 3 passed" in page.locator("#details").inner_text()
        # The toggle collapses it again.
        page.locator("li.node[data-id='2'] > .row .toggle").click()
        assert not page.locator("li.node[data-id='6']").is_visible()
        screenshot = page.screenshot(path=str(tmp_path / "viewer.png"))
        assert screenshot[:8] == b"\x89PNG\r\n\x1a\n"
        # Task selector: two tasks, switching redraws the tree.
        assert page.locator("#task-select option").count() == 2
        page.select_option("#task-select", index=1)
        assert page.locator("body").get_attribute("data-task") == "demo/second"
        assert page.locator("#task-meta h2").inner_text() == "demo/second"
        assert errors == []
        assert all(url.startswith("file:") for url in requests), requests
    finally:
        page.close()


def test_browser_handles_a_3000_node_tree(browser: Any, tmp_path: Path) -> None:
    html_path = write_html(write_trees(tmp_path / "big.jsonl", [make_big_record(3000)]),
                           tmp_path / "big.html")
    start = time.perf_counter()
    page, errors, _ = _open(browser, html_path)
    try:
        opened = time.perf_counter() - start
        assert opened < 10.0, f"a 3000-node page took {opened:.1f}s to open"
        # Lazy: far fewer rows than nodes are built on open.
        assert 1 <= page.locator(".row").count() < 300
        # Timed inside the page, layout included (a locator over 3000 rows is slow itself).
        expand_ms = page.evaluate("""() => {
            const t = performance.now();
            document.getElementById('expand-all').click();
            void document.body.offsetHeight;
            return performance.now() - t; }""")
        assert page.evaluate("document.querySelectorAll('.row').length") == 3000
        assert expand_ms < 5000, f"expanding 3000 nodes took {expand_ms:.0f} ms"
        page.click("#collapse-all")
        visible = page.evaluate(
            "Array.from(document.querySelectorAll('.row')).filter(r => r.offsetParent).length")
        assert visible < 300
        assert errors == []
    finally:
        page.close()


def test_browser_screenshot_for_the_docs(browser: Any, tmp_path: Path) -> None:
    """The README's screenshot: a tree, with a node's tests open (refreshed on request)."""
    trees = write_trees(tmp_path / "trees.jsonl", [make_record()])
    page, errors, _ = _open(browser, write_html(trees, tmp_path / "tree.html"))
    try:
        page.locator("li.node[data-id='2'] > .row .text").click()
        page.locator("li.node[data-id='4'] > .row .text").click()
        shot = tmp_path / "viewer.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000 and errors == []
        if os.environ.get("O1CODER_UPDATE_SCREENSHOT") == "1":
            target = ROOT / "docs" / "images" / "viewer.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, target)
    finally:
        page.close()
