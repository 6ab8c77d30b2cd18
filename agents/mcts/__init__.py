"""Monte Carlo tree search over reasoning steps (the O1-Coder paper's data synthesis).

- :mod:`agents.mcts.tree`: nodes with ``N``/``V`` statistics, sibling merging, JSON round trip.
- :mod:`agents.mcts.search`: the generic search with injected ``expand``/``evaluate`` callables.
- :mod:`agents.mcts.agent`: the search wired to an env simulator and a step generator, and the
  MCTS agent the bench runner drives.
- :mod:`agents.mcts.cli`: ``o1coder mcts`` (tree synthesis) and ``o1coder mcts export``.
"""

from agents.mcts.search import Evaluation, MCTSConfig, Proposal, SearchResult, search
from agents.mcts.tree import Node, Tree

__all__ = ["Evaluation", "MCTSConfig", "Node", "Proposal", "SearchResult", "Tree", "search"]
