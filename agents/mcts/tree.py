"""The search tree of MCTS over reasoning steps: nodes, sibling merging, JSON round trip.

A node is one reasoning step appended to its parent's trace; the root is the empty trace (the
problem alone). Statistics follow the O1-Coder paper: ``N`` visits and ``V`` accumulated value,
so that a node's value ``v = V / N`` lies in ``[0, 1]`` when every backed-up value does.

The tree is plain data: it holds no env state, no model and no sandbox, so it can be written to
JSON (one record per task in ``trees.jsonl``) and read back by the data builders in
:mod:`agents.mcts.export`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Node", "Tree", "normalize_step"]


def normalize_step(step: str) -> str:
    """The key under which two sibling steps count as identical.

    Whitespace at line ends and blank lines at either end do not change a step's meaning, so
    they do not make two samples different children.
    """
    lines = [line.rstrip() for line in step.strip().splitlines()]
    return "\n".join(lines)


@dataclass
class Node:
    """One node of the search tree.

    Attributes:
        id: Index of the node in :attr:`Tree.nodes` (the root is 0).
        parent: Id of the parent node, ``None`` for the root.
        step: The reasoning step this node appends (``""`` for the root).
        kind: The step's kind (``"outline"``, ``"refine"``, ``"code"``; ``"root"`` for the root).
        depth: Number of steps on the path from the root (the root has depth 0).
        prior: Prior probability of this child among its siblings (PUCT), in ``[0, 1]``.
        logprob: Log-probability the generator gave the step, if it reported one.
        count: How many samples produced this same step (identical siblings are merged).
        visits: ``N``, the number of rollouts that passed through the node.
        value_sum: ``V``, the sum of the values backed up through the node.
        terminal: True when the trace ends here (a code step, or the depth limit).
        reward: The terminal value in ``[0, 1]`` (pass fraction on the search's tests), for
            terminal nodes once evaluated.
        leaf_value: A value estimate of a non-terminal node (a PRM score), if one was computed.
        details: Evaluation details (test results of the search's tests, never hidden ones).
        children: Ids of the children, in creation order.
        expanded: True once the node's children have been sampled.
    """

    id: int
    parent: int | None
    step: str
    kind: str
    depth: int
    prior: float = 1.0
    logprob: float | None = None
    count: int = 1
    visits: int = 0
    value_sum: float = 0.0
    terminal: bool = False
    reward: float | None = None
    leaf_value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)
    children: list[int] = field(default_factory=list)
    expanded: bool = False

    @property
    def value(self) -> float:
        """``V / N``, the node's mean backed-up value (0.0 before its first visit)."""
        return self.value_sum / self.visits if self.visits else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the node (``value`` included for readers)."""
        return {
            "id": self.id,
            "parent": self.parent,
            "step": self.step,
            "kind": self.kind,
            "depth": self.depth,
            "prior": self.prior,
            "logprob": self.logprob,
            "count": self.count,
            "visits": self.visits,
            "value_sum": self.value_sum,
            "value": self.value,
            "terminal": self.terminal,
            "reward": self.reward,
            "leaf_value": self.leaf_value,
            "details": self.details,
            "children": list(self.children),
            "expanded": self.expanded,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Node:
        """Inverse of :meth:`to_dict` (``value`` is recomputed, not read)."""
        try:
            return cls(
                id=int(data["id"]),
                parent=None if data["parent"] is None else int(data["parent"]),
                step=str(data["step"]),
                kind=str(data["kind"]),
                depth=int(data["depth"]),
                prior=float(data.get("prior", 1.0)),
                logprob=data.get("logprob"),
                count=int(data.get("count", 1)),
                visits=int(data.get("visits", 0)),
                value_sum=float(data.get("value_sum", 0.0)),
                terminal=bool(data.get("terminal", False)),
                reward=data.get("reward"),
                leaf_value=data.get("leaf_value"),
                details=dict(data.get("details") or {}),
                children=[int(c) for c in data.get("children", [])],
                expanded=bool(data.get("expanded", False)),
            )
        except KeyError as exc:
            raise ValueError(
                f"tree node record misses field {exc.args[0]!r}: {dict(data)!r:.200}"
            ) from None


class Tree:
    """A search tree: a flat list of :class:`Node` linked by ids.

    Args:
        root_steps: Steps already taken before the search starts (usually none); the root
            stands for the trace made of them.
    """

    def __init__(self, root_steps: Sequence[str] = ()) -> None:
        self.root_steps: tuple[str, ...] = tuple(root_steps)
        self.nodes: list[Node] = [
            Node(id=0, parent=None, step="", kind="root", depth=0)
        ]
        # (parent id, normalized step) -> child id, to merge identical siblings.
        self._sibling_index: dict[tuple[int, str], int] = {}

    @property
    def root(self) -> Node:
        """The root node."""
        return self.nodes[0]

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __getitem__(self, node_id: int) -> Node:
        return self.nodes[node_id]

    def add_child(
        self,
        parent: Node,
        step: str,
        kind: str,
        *,
        prior: float = 1.0,
        logprob: float | None = None,
    ) -> tuple[Node, bool]:
        """Add ``step`` under ``parent``, merging it into an identical sibling if there is one.

        Returns:
            The child and True when it is new, or the existing identical sibling and False
            (its ``count`` is incremented and its prior grows by ``prior``).
        """
        key = (parent.id, normalize_step(step))
        existing = self._sibling_index.get(key)
        if existing is not None:
            node = self.nodes[existing]
            node.count += 1
            node.prior += prior
            if logprob is not None and (node.logprob is None or logprob > node.logprob):
                node.logprob = logprob
            return node, False
        node = Node(
            id=len(self.nodes),
            parent=parent.id,
            step=step,
            kind=kind,
            depth=parent.depth + 1,
            prior=prior,
            logprob=logprob,
        )
        self.nodes.append(node)
        parent.children.append(node.id)
        self._sibling_index[key] = node.id
        return node, True

    def children(self, node: Node) -> list[Node]:
        """The children of ``node``, in creation order."""
        return [self.nodes[c] for c in node.children]

    def path(self, node: Node) -> list[Node]:
        """The nodes from the root's first child down to ``node`` (empty for the root)."""
        out: list[Node] = []
        current: Node | None = node
        while current is not None and current.parent is not None:
            out.append(current)
            current = self.nodes[current.parent]
        return out[::-1]

    def steps(self, node: Node) -> tuple[str, ...]:
        """The full trace at ``node``: the root's steps followed by the path's steps."""
        return self.root_steps + tuple(n.step for n in self.path(node))

    def terminals(self) -> list[Node]:
        """Every evaluated terminal node."""
        return [n for n in self.nodes if n.terminal and n.reward is not None]

    def best_terminal(self) -> Node | None:
        """The terminal node with the highest reward.

        Ties go to the higher mean value along the path, then to the earlier node, so the
        choice is deterministic.
        """
        best: Node | None = None
        best_key: tuple[float, float, int] | None = None
        for node in self.terminals():
            path_value = sum(n.value for n in self.path(node)) / max(node.depth, 1)
            key = (float(node.reward or 0.0), path_value, -node.id)
            if best_key is None or key > best_key:
                best, best_key = node, key
        return best

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"root_steps": [...], "nodes": [...]}``."""
        return {"root_steps": list(self.root_steps), "nodes": [n.to_dict() for n in self.nodes]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tree:
        """Inverse of :meth:`to_dict`.

        Raises:
            ValueError: If the nodes are not a consistent tree (ids out of order, dangling
                parents or children).
        """
        if "nodes" not in data:
            raise ValueError("a tree record needs a 'nodes' list")
        tree = cls(data.get("root_steps", ()))
        nodes = [Node.from_dict(n) for n in data["nodes"]]
        if not nodes or nodes[0].parent is not None:
            raise ValueError("a tree record's first node must be the root (parent null)")
        for index, node in enumerate(nodes):
            if node.id != index:
                raise ValueError(f"tree node at position {index} has id {node.id}")
            if node.parent is not None and not 0 <= node.parent < index:
                raise ValueError(f"tree node {index} has an invalid parent {node.parent}")
            if any(not 0 < c < len(nodes) for c in node.children):
                raise ValueError(f"tree node {index} has a child id out of range")
        tree.nodes = nodes
        tree._sibling_index = {
            (n.parent, normalize_step(n.step)): n.id for n in nodes if n.parent is not None
        }
        return tree
