"""The levels of the topic tree, kept in name order, and how new ones are inserted.

Qt-free on purpose: the item model signals around these steps
(``beginInsertRows`` before :meth:`TopicNodes.commit`, ``endInsertRows``
after), and this module decides where rows go.

Children are kept sorted by name in the tree itself, so the view shows topics
in name order without a sorting proxy (a proxy sorting 10,000 rows calls back
into Python for every comparison: about half a second each time a level is
first shown). New children of a level are grouped into runs that land between
the same two existing siblings; each run is one insertion. A batch that would
scatter into more than :data:`MAX_RUNS` runs under one level is appended at
the end as one run instead (sorted among itself), which bounds the signals and
the row renumbering per level and batch; the order is then only mostly sorted,
which a click on a column header fixes.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from smartcity_console.core.topic_catalog import TopicSnapshot

MAX_RUNS = 16


class TopicNode:
    """One level of the tree; a topic when ``snapshot`` is set."""

    __slots__ = (
        "attached",
        "children",
        "id",
        "key",
        "lookup",
        "name",
        "parent",
        "path",
        "rate",
        "row",
        "snapshot",
    )

    def __init__(self, name: str, path: str, parent: TopicNode | None, id_: int) -> None:
        self.id = id_
        self.name = name
        self.key = (name.casefold(), name)
        self.path = path
        self.parent = parent
        self.row = 0
        self.children: list[TopicNode] = []
        self.lookup: dict[str, TopicNode] = {}
        self.snapshot: TopicSnapshot | None = None
        self.rate = 0.0
        self.attached = parent is None  # visible to views (the root always is)


@dataclass(slots=True)
class Insertion:
    """New children to insert under ``parent`` at ``row``, in order."""

    parent: TopicNode
    row: int
    nodes: list[TopicNode]


def _key(node: TopicNode) -> tuple[str, str]:
    return node.key


class TopicNodes:
    """Every level, by id (what model indexes carry) and by full path."""

    def __init__(self) -> None:
        self.root = TopicNode("", "", None, 0)
        self.by_id: list[TopicNode] = [self.root]
        self.by_path: dict[str, TopicNode] = {}

    def add(self, topics: Iterable[str]) -> list[Insertion]:
        """Create the missing levels of ``topics``; return the insertions that show them.

        Apply the insertions in the order given: under one parent they run
        from the last row to the first, so each one's row is still right when
        its turn comes.
        """
        grow: dict[TopicNode, list[TopicNode]] = {}
        fresh: list[TopicNode] = []
        for topic in topics:
            self._create(topic, grow, fresh)
        for node in fresh:  # inside new branches nothing is shown yet: just sort
            if node.children:
                node.children.sort(key=_key)
                _renumber(node.children, 0)
        insertions: list[Insertion] = []
        for parent, new in grow.items():
            insertions.extend(_runs(parent, new))
        return insertions

    def _create(
        self, topic: str, grow: dict[TopicNode, list[TopicNode]], fresh: list[TopicNode]
    ) -> None:
        node = self.root
        path = ""
        for depth, name in enumerate(topic.split("/")):
            path = name if depth == 0 else f"{path}/{name}"
            child = node.lookup.get(name)
            if child is None:
                child = TopicNode(name, path, node, len(self.by_id))
                self.by_id.append(child)
                self.by_path[path] = child
                node.lookup[name] = child
                fresh.append(child)
                if node.attached:
                    grow.setdefault(node, []).append(child)
                else:  # inside a branch that is itself new: shown with it
                    node.children.append(child)
            node = child

    def commit(self, insertion: Insertion) -> None:
        """Put an insertion's nodes in place and mark their branches shown."""
        children = insertion.parent.children
        children[insertion.row : insertion.row] = insertion.nodes
        _renumber(children, insertion.row)
        pending = list(insertion.nodes)
        while pending:
            node = pending.pop()
            node.attached = True
            pending.extend(node.children)


def _runs(parent: TopicNode, new: list[TopicNode]) -> list[Insertion]:
    new.sort(key=_key)
    keys = [child.key for child in parent.children]
    runs: list[Insertion] = []
    for node in new:
        row = bisect.bisect_left(keys, node.key)
        if runs and runs[-1].row == row:
            runs[-1].nodes.append(node)
        else:
            runs.append(Insertion(parent, row, [node]))
    if len(runs) > MAX_RUNS:
        return [Insertion(parent, len(keys), new)]
    runs.reverse()
    return runs


def _renumber(children: list[TopicNode], start: int) -> None:
    for row in range(start, len(children)):
        children[row].row = row
