"""The search-tree viewer: one self-contained HTML page per ``trees.jsonl``.

``o1coder mcts`` writes one tree record per task (see :func:`agents.mcts.agent.tree_record`);
:func:`~benchmarks.viewer.html.write_html` turns such a file into a page that opens offline in
any browser and draws each task's tree: step text, kind, visits ``N``, value ``V/N``, terminal
test results, the best path highlighted, collapsible nodes and a task selector::

    from benchmarks.viewer import write_html

    write_html("trees.jsonl", "tree.html")

or from the shell: ``o1coder view trees.jsonl --out tree.html``.
"""

from benchmarks.viewer.html import build_html, load_records, viewer_payload, write_html

__all__ = ["build_html", "load_records", "viewer_payload", "write_html"]
