"""The Customer Performance Landscape: line of sight from every role, process and measure to an SCO.

Pure model on a networkx directed graph; no widget imports. Links run down the
chain SCO → moment of truth → process → activity → role; a measure hangs from
whatever it measures (an SCO, a moment, a process, an activity or a role).
The checks answer the seed's question, "is everything you are doing aligned to
delivering a successful customer outcome?".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from cxkit import data
from cxkit.concepts.case_company import pct
from cxkit.concepts.outcomes.measures import MeasureKind

# The levels of the landscape, top (the customer's outcome) to bottom.
LEVELS: tuple[str, ...] = ("sco", "moment", "process", "activity", "role", "measure")
LEVEL_NAMES: dict[str, str] = {
    "sco": "Successful customer outcome",
    "moment": "Moment of truth",
    "process": "Process",
    "activity": "Activity",
    "role": "Role",
    "measure": "Measure",
}
_CHAIN = {"sco": "moment", "moment": "process", "process": "activity", "activity": "role"}


def _a(name: str) -> str:
    name = name.lower()
    return ("an " if name[0] in "aeiou" else "a ") + name


class LandscapeError(ValueError):
    """A node or link cannot be added; the message says which and what to do instead."""


@dataclass(frozen=True)
class Node:
    """One element of the landscape."""

    id: str
    kind: str
    label: str
    measure_kind: MeasureKind | None = None  # measures only


class Landscape:
    """A Customer Performance Landscape: nodes by level and the links between them."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self.graph = nx.DiGraph()

    # -- building ------------------------------------------------------------
    def add_node(
        self, node_id: str, kind: str, label: str = "", measure_kind: str | None = None
    ) -> Node:
        """Add an SCO, moment, process, activity, role or measure (measures need output/outcome/impact)."""
        node_id = str(node_id).strip()
        if not node_id:
            raise LandscapeError("A new element needs a short id; type one (e.g. 'fnol-call').")
        if kind not in LEVELS:
            raise LandscapeError(
                f"{kind!r} is not a level of the landscape; use one of: {', '.join(LEVELS)}."
            )
        if node_id in self.graph:
            raise LandscapeError(
                f"There is already an element with id {node_id!r}; choose another id."
            )
        mk = None
        if kind == "measure":
            try:
                mk = MeasureKind(measure_kind)
            except ValueError:
                raise LandscapeError(
                    f"Measure {node_id!r} needs a kind: output, outcome or impact "
                    f"(got {measure_kind!r})."
                ) from None
        elif measure_kind:
            raise LandscapeError(f"Only measures have a measure kind; {node_id!r} is a {kind}.")
        node = Node(node_id, kind, str(label).strip() or node_id, mk)
        self.graph.add_node(node_id, node=node)
        return node

    def add_link(self, source: str, target: str) -> None:
        """Link an element to the one below it in the chain, or to a measure of it."""
        src, dst = self.node(source), self.node(target)
        if dst.kind == "measure":
            if src.kind == "measure":
                raise LandscapeError("A measure cannot measure another measure.")
        elif _CHAIN.get(src.kind) != dst.kind:
            want = _CHAIN.get(src.kind)
            below = f"{_a(LEVEL_NAMES[want])} or a measure" if want else "a measure only"
            raise LandscapeError(
                f"“{src.label}” is {_a(LEVEL_NAMES[src.kind])}; it can link down to "
                f"{below}, but “{dst.label}” is {_a(LEVEL_NAMES[dst.kind])}."
            )
        self.graph.add_edge(src.id, dst.id)

    def remove_link(self, source: str, target: str) -> None:
        """Remove a link (a clear message if there is none)."""
        if not self.graph.has_edge(source, target):
            raise LandscapeError(f"There is no link from {source!r} to {target!r}.")
        self.graph.remove_edge(source, target)

    # -- reading -------------------------------------------------------------
    def node(self, node_id: str) -> Node:
        """The element with this id."""
        if node_id not in self.graph:
            raise LandscapeError(f"There is no element with id {node_id!r} in the landscape.")
        return self.graph.nodes[node_id]["node"]

    def nodes(self, kind: str | None = None) -> list[Node]:
        """All elements, or those of one level, in the order they were added."""
        return [d["node"] for _, d in self.graph.nodes(data=True) if kind in (None, d["node"].kind)]

    def links(self) -> list[tuple[str, str]]:
        """All links as (from id, to id)."""
        return list(self.graph.edges)

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    # -- checks --------------------------------------------------------------
    def aligned(self) -> set[str]:
        """Ids of every element with a line of sight to an SCO (one sweep down from all SCOs)."""
        scos = [n.id for n in self.nodes("sco")]
        if not scos:
            return set()
        # One multi-source breadth-first sweep: linear in the size of the graph.
        return {n for layer in nx.bfs_layers(self.graph, scos) for n in layer}

    def check(self) -> LandscapeChecks:
        """Run every alignment check."""
        aligned = self.aligned()
        kind_of = {n: d["node"].kind for n, d in self.graph.nodes(data=True)}

        def unaligned(kind: str) -> tuple[str, ...]:
            return tuple(n for n, k in kind_of.items() if k == kind and n not in aligned)

        activities = [n for n, k in kind_of.items() if k == "activity"]
        measures_of: dict[str, list[Node]] = {}
        for sco in (n for n, k in kind_of.items() if k == "sco"):
            measures_of[sco] = [
                self.graph.nodes[m]["node"]
                for m in self.graph.successors(sco)
                if kind_of[m] == "measure"
            ]
        outputs = tuple(m.id for m in self.nodes("measure") if m.measure_kind is MeasureKind.OUTPUT)
        n_aligned = sum(1 for a in activities if a in aligned)
        return LandscapeChecks(
            orphan_activities=unaligned("activity"),
            unaligned_processes=unaligned("process"),
            unaligned_roles=unaligned("role"),
            unaligned_measures=unaligned("measure"),
            scos_without_measure=tuple(s for s, ms in measures_of.items() if not ms),
            scos_measured_only_by_outputs=tuple(
                s
                for s, ms in measures_of.items()
                if ms and all(m.measure_kind is MeasureKind.OUTPUT for m in ms)
            ),
            output_only_measures=outputs,
            activities=len(activities),
            aligned_activities=n_aligned,
        )

    # -- files ---------------------------------------------------------------
    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {
            "name": self.name,
            "nodes": [
                {
                    "id": n.id,
                    "kind": n.kind,
                    "label": n.label,
                    **({"measure_kind": n.measure_kind.value} if n.measure_kind else {}),
                }
                for n in self.nodes()
            ],
            "links": [list(e) for e in self.links()],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Landscape:
        """Build a landscape from its plain form; errors name the node or link at fault."""
        if not isinstance(data, dict) or "nodes" not in data:
            raise LandscapeError("A landscape file needs a 'nodes' list (and a 'links' list).")
        land = cls(str(data.get("name", "")))
        for i, n in enumerate(data["nodes"]):
            if not isinstance(n, dict) or "id" not in n or "kind" not in n:
                raise LandscapeError(f"Node {i + 1} needs an 'id' and a 'kind'.")
            land.add_node(n["id"], n["kind"], n.get("label", ""), n.get("measure_kind"))
        for i, link in enumerate(data.get("links", [])):
            if not isinstance(link, list | tuple) or len(link) != 2:
                raise LandscapeError(f"Link {i + 1} must be a pair [from id, to id].")
            land.add_link(*link)
        return land

    @classmethod
    def load(cls, path: Path | str) -> Landscape:
        """Read a landscape from a JSON file."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@dataclass(frozen=True)
class LandscapeChecks:
    """What the alignment checks found."""

    orphan_activities: tuple[str, ...]
    unaligned_processes: tuple[str, ...]
    unaligned_roles: tuple[str, ...]
    unaligned_measures: tuple[str, ...]
    scos_without_measure: tuple[str, ...]
    scos_measured_only_by_outputs: tuple[str, ...]
    output_only_measures: tuple[str, ...]
    activities: int
    aligned_activities: int

    @property
    def aligned_share(self) -> float:
        """Share of activities with a line of sight to an SCO (1.0 when there are none)."""
        return self.aligned_activities / self.activities if self.activities else 1.0

    @property
    def ok(self) -> bool:
        """No orphans, every SCO measured by more than outputs."""
        return not (
            self.orphan_activities
            or self.unaligned_processes
            or self.unaligned_roles
            or self.scos_without_measure
            or self.scos_measured_only_by_outputs
        )

    def findings(self, land: Landscape | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
        """(check name, verdict 'ok'/'bad'/'warn', element labels) for each check, in reading order."""

        def names(ids: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(land.node(i).label for i in ids) if land is not None else ids

        def row(title: str, ids: tuple[str, ...], tone: str = "bad") -> tuple:
            return (title, "ok" if not ids else tone, names(ids))

        return [
            row("Orphan activities (no path to any SCO)", self.orphan_activities),
            row("Processes with no path to an SCO", self.unaligned_processes),
            row("Roles with no path to an SCO", self.unaligned_roles),
            row("SCOs with no measure", self.scos_without_measure),
            row("SCOs measured only by outputs", self.scos_measured_only_by_outputs),
            row("Output-only measures (what we produce)", self.output_only_measures, "warn"),
            row("Measures with no line of sight to an SCO", self.unaligned_measures, "warn"),
        ]

    def summary(self) -> str:
        """One line: the share of activities aligned and how many problems there are."""
        problems = sum(
            len(x)
            for x in (
                self.orphan_activities,
                self.unaligned_processes,
                self.unaligned_roles,
                self.scos_without_measure,
                self.scos_measured_only_by_outputs,
            )
        )
        from cxkit.words import plural

        verb = "has" if self.aligned_activities == 1 else "have"
        return (
            f"{pct(self.aligned_share)} of activities ({self.aligned_activities} of "
            f"{self.activities}) {verb} a line of sight to an SCO; "
            f"{plural(problems, 'alignment problem')}; "
            f"{plural(len(self.output_only_measures), 'output-only measure')}."
        )


def orphan_activities_naive(land: Landscape) -> list[str]:
    """The obvious per-activity search (walk up from each activity); the benchmark's baseline."""
    scos = {n.id for n in land.nodes("sco")}
    return [a.id for a in land.nodes("activity") if not (nx.ancestors(land.graph, a.id) & scos)]


def _data(name: str) -> dict:
    return data.json_data(f"landscape/{name}")


def case_landscape() -> Landscape:
    """Kestrel Mutual's landscape as it is today (package data), with its gaps."""
    return Landscape.from_dict(_data("kestrel.json"))


def exercise_landscape() -> Landscape:
    """The landscape given in exercise 07 (package data)."""
    return Landscape.from_dict(_data("exercise07.json"))


def exercise_key() -> dict[str, list[str]]:
    """The answer key for exercise 07: orphan activities and unmeasured SCOs, by label."""
    land = exercise_landscape()
    checks = land.check()
    return {
        "orphan_activities": sorted(land.node(i).label for i in checks.orphan_activities),
        "unmeasured_scos": sorted(land.node(i).label for i in checks.scos_without_measure),
    }


def synthetic_landscape(
    n_nodes: int = 10_000, orphan_share: float = 0.1, seed: int = 0
) -> Landscape:
    """A large random landscape (for benchmarks): a tree per SCO plus some orphan activities."""
    import random

    rng = random.Random(seed)
    land = Landscape("synthetic")
    per_level = {lv: [] for lv in LEVELS}
    quota = {"sco": 0.01, "moment": 0.04, "process": 0.1, "activity": 0.5, "role": 0.2}
    counter = 0
    for kind in ("sco", "moment", "process", "activity", "role"):
        for _ in range(max(1, int(n_nodes * quota[kind]))):
            nid = f"{kind}-{counter}"
            counter += 1
            land.add_node(nid, kind, nid)
            per_level[kind].append(nid)
            parent_kind = {v: k for k, v in _CHAIN.items()}.get(kind)
            if parent_kind and not (kind == "activity" and rng.random() < orphan_share):
                land.add_link(rng.choice(per_level[parent_kind]), nid)
    while len(land) < n_nodes:
        nid = f"measure-{counter}"
        counter += 1
        land.add_node(nid, "measure", nid, rng.choice(["output", "outcome", "impact"]))
        land.add_link(rng.choice(per_level[rng.choice(["sco", "process", "role"])]), nid)
    return land
