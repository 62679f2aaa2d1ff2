"""The task tree: plans → sections → subsections → tasks, loaded as nodes open.

Nodes hold their data (`Item`); labels are drawn from it at render time, cut to the width the
tree has at that depth, so a long task never scrolls the tree sideways and due dates and
progress bars line up on the right. Only what has been opened is in memory: a ledger of
100,000 tasks starts with one node per plan.

A `Scope` (a filter or a search) narrows the tree to the matching tasks with their sections
and plans; `terms` are highlighted in the labels.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from store import i18n
from store.ledger import Ledger
from store.models import PlanSummary, Section, Task
from tui import keys
from tui.widgets.labels import (
    STATE_MARKS,
    bar,
    cell_len,
    due_status,
    fraction,
    highlight,
    one_line,
    pad_between,
    short_date,
)

TOGGLE = Style.from_meta({"toggle": True})
BAR_WIDTH = 6


@dataclass
class Item:
    """What a node shows: a plan, a section or a task (refreshed in place after changes)."""

    kind: str
    id: int
    plan_id: int
    obj: Any
    loaded: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True)
class Scope:
    """The part of the ledger a filter or search leaves in view."""

    task_ids: frozenset[int]
    section_ids: frozenset[int]
    plan_ids: frozenset[int]
    terms: tuple[str, ...] = ()


@dataclass
class TreeState:
    expanded: list[tuple[str, int]] = field(default_factory=list)
    cursor: tuple[str, int] | None = None
    cursor_line: int = 0
    scroll_y: float = 0


class TaskTree(Tree[Item], inherit_bindings=False):
    """The ledger as a lazily loaded tree. Space is not "expand" here: it ticks (the screen's
    binding), so Tree's own bindings are not inherited."""

    BINDINGS = keys.bindings(
        "down", "up", "close", "open", "top", "bottom", "page_down", "page_up", "toggle"
    )
    ICON_NODE = "▸ "
    ICON_NODE_EXPANDED = "▾ "
    """Neutral-width triangles: the default ▶ ▼ are drawn two cells wide by some CJK terminals."""

    COMPONENT_CLASSES = Tree.COMPONENT_CLASSES | {
        "task-tree--todo",
        "task-tree--doing",
        "task-tree--done",
        "task-tree--na",
        "task-tree--closed-text",
        "task-tree--flag",
        "task-tree--overdue",
        "task-tree--soon",
        "task-tree--due",
        "task-tree--match",
        "task-tree--bar-done",
        "task-tree--bar-rest",
        "task-tree--plan",
        "task-tree--figures",
    }

    def __init__(self, ledger: Ledger, lang: str, **kwargs) -> None:
        super().__init__(Text(""), **kwargs)
        self.ledger = ledger
        self.lang = lang
        self.show_root = False
        self.show_guides = False
        self.auto_expand = False
        self.guide_depth = 2
        self.scope: Scope | None = None
        self._items: dict[tuple[str, int], TreeNode[Item]] = {}
        self.today = ledger.today()
        self._plans: dict[int, PlanSummary] | None = None
        """The plans with their progress as last read: a new search or filter reuses them (at
        100,000 tasks progress costs a few ms a time); changes here update them in place
        (`refresh_progress`), and `forget_plans` — data changed elsewhere — or a new day
        makes the next load read them again."""
        self.show_archived = False
        """Issue 19: archived plans are in the tree (marked) only while the clerk asks (z)."""
        self._sections: dict[tuple[int, int | None], list[Section]] = {}
        """The sections (with progress) of each heading as last read, kept like `_plans`: a
        search or filter that reopens what was open does not read them again; a change in a
        plan drops that plan's."""

    # ---- loading -------------------------------------------------------------------------

    @property
    def plan_count(self) -> int:
        return len(self.root.children)

    def forget_plans(self) -> None:
        """The ledger changed under the tree (an import, another process): read plans anew."""
        self._plans = None
        self._sections.clear()

    def _plan_summaries(self) -> list[PlanSummary]:
        today = self.ledger.today()
        if self._plans is None or today != self.today:
            # plan lines show no overdue count: the detail pane reads it for the plan under the cursor
            self._plans = {plan.id: plan for plan in
                           self.ledger.plans(overdue=False, archived=self.show_archived)}
            self._sections.clear()
        self.today = today
        return list(self._plans.values())

    def load(self, scope: Scope | None = None, *, keep: bool = True) -> None:
        """(Re)build from the ledger: the plans, then what was open before (when `keep`)."""
        state = self.save_state() if keep else None
        self.scope = scope
        plans = self._plan_summaries()
        self.clear()
        self._items.clear()
        for plan in plans:
            if scope is None or plan.id in scope.plan_ids:
                self._add(self.root, Item("plan", plan.id, plan.id, plan), expandable=True)
        if scope is not None and len(scope.task_ids) <= 200:
            self._open_all()
        if state is not None:
            self.restore_state(state)
        elif self.root.children:
            self.last_line  # noqa: B018 - builds the lines so the cursor can be placed
            self.move_cursor(self.root.children[0])

    def _add(self, parent: TreeNode[Item], item: Item, expandable: bool) -> TreeNode[Item]:
        node = parent.add(Text(""), item, allow_expand=expandable)
        self._items[item.key] = node
        return node

    def populate(self, node: TreeNode[Item]) -> None:
        """Add a node's children, once (the lazy part)."""
        item = node.data
        if item is None or item.loaded or item.kind == "task":
            return
        item.loaded = True
        scope = self.scope
        if item.kind == "plan":
            sections = self._sections_under(item.id, None)
            tasks: list[Task] = []
        else:
            sections = self._sections_under(item.plan_id, item.id)
            tasks = self.ledger.tasks(section_id=item.id)
        if scope is not None:
            sections = [s for s in sections if s.id in scope.section_ids]
            tasks = [t for t in tasks if t.id in scope.task_ids]
        for t in tasks:
            self._add(node, Item("task", t.id, t.plan_id, t), expandable=False)
        for s in sections:
            self._add(node, Item("section", s.id, s.plan_id, s), expandable=s.has_children)

    def _sections_under(self, plan_id: int, parent_id: int | None) -> list[Section]:
        key = (plan_id, parent_id)
        found = self._sections.get(key)
        if found is None:
            found = self._sections[key] = self.ledger.sections(plan_id, parent_id)
        return found

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Item]) -> None:
        self.populate(event.node)

    def _open_all(self) -> None:
        """Open every node in view (a small filter result: show it all at once)."""
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.allow_expand:
                self.populate(node)
                node.expand()
                stack.extend(node.children)

    def node_for(self, kind: str, ident: int) -> TreeNode[Item] | None:
        return self._items.get((kind, ident))

    def loaded_nodes(self):
        return self._items.values()

    # ---- state kept across reloads ---------------------------------------------------------

    def save_state(self) -> TreeState:
        cursor = self.cursor_node
        return TreeState(
            expanded=[k for k, n in self._items.items() if n.is_expanded],
            cursor=cursor.data.key if cursor is not None and cursor.data else None,
            cursor_line=max(self.cursor_line, 0),
            scroll_y=self.scroll_y,
        )

    def restore_state(self, state: TreeState) -> None:
        for key in state.expanded:
            node = self._items.get(key)
            if node is not None and node.allow_expand:
                self.populate(node)
                node.expand()
        node = self._items.get(state.cursor) if state.cursor else None
        last = self.last_line
        self.scroll_to(y=state.scroll_y, animate=False, immediate=True)
        if node is not None:
            self.move_cursor(node)
        elif last >= 0:
            self.move_cursor_to_line(min(state.cursor_line, last))

    # ---- moving --------------------------------------------------------------------------

    def reveal(self, task_id: int) -> bool:
        """Open the path to a task and put the cursor on it."""
        try:
            task = self.ledger.task(task_id)
        except Exception:  # noqa: BLE001 - gone since: nothing to show
            return False
        chain = [("plan", task.plan_id)]
        if task.section_id is not None:
            chain += [("section", s.id) for s in self.ledger.section_path(task.section_id)]
        for key in chain:
            node = self._items.get(key)
            if node is None:
                return False
            self.populate(node)
            if not node.is_expanded:
                node.expand()
        return self.goto(("task", task_id))

    def goto(self, key: tuple[str, int]) -> bool:
        node = self._items.get(key)
        if node is None:
            return False
        self.last_line  # noqa: B018 - build the lines first: the node's line must be known
        self.move_cursor(node)
        return True

    def first_task(self) -> int | None:
        """The first task in tree order (opening what leads to it)."""
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            if node.data is None:
                continue
            if node.data.kind == "task":
                return node.data.id
            self.populate(node)
            stack.extend(reversed(node.children))
        return None

    def action_toggle(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        self.populate(node)
        node.toggle()

    def action_open_or_child(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            self.populate(node)
            node.expand()
        elif node.children:
            self.last_line  # noqa: B018
            self.move_cursor(node.children[0])

    def action_close_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def goto_plan(self, delta: int) -> None:
        """The cursor to the previous or next plan (`[` and `]`)."""
        plans = list(self.root.children)
        if not plans:
            return
        node = self.cursor_node
        while node is not None and node.parent is not None and node.parent is not self.root:
            node = node.parent
        if node is None or node not in plans:
            index = 0
        else:
            here = plans.index(node)
            at_plan = self.cursor_node is node
            if delta < 0 and not at_plan:
                index = here  # inside a plan, [ goes to its own heading first
            else:
                index = max(0, min(len(plans) - 1, here + delta))
        self.last_line  # noqa: B018
        self.move_cursor(plans[index])
        self.scroll_to_node(plans[index], animate=False)

    # ---- refreshing after changes --------------------------------------------------------

    def refresh_tasks(self, task_ids) -> None:
        """Re-read these tasks (those loaded) and redraw their lines."""
        loaded = [i for i in task_ids if ("task", i) in self._items]
        if not loaded:
            return
        for task in self.ledger.tasks(ids=loaded):
            node = self._items[("task", task.id)]
            node.data.obj = task
            node.refresh()

    def refresh_progress(self, plan_ids) -> None:
        """Re-read the progress of these plans and of their loaded sections."""
        for plan_id in plan_ids:
            try:
                plan = self.ledger.plan(plan_id)
            except Exception:  # noqa: BLE001 - the plan is gone: a reload will drop it
                continue
            if self._plans is not None and plan_id in self._plans:
                self._plans[plan_id] = plan
            for key in [k for k in self._sections if k[0] == plan_id]:
                del self._sections[key]
            node = self._items.get(("plan", plan_id))
            if node is None:
                continue
            node.data.obj = plan
            node.refresh()
            progress = self.ledger.section_progress(plan_id)
            for key, snode in self._items.items():
                if key[0] == "section" and snode.data.plan_id == plan_id and key[1] in progress:
                    snode.data.obj = replace(snode.data.obj, progress=progress[key[1]])
                    snode.refresh()

    # ---- drawing -------------------------------------------------------------------------

    def _depth(self, node: TreeNode[Item]) -> int:
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        return depth

    def _room(self, node: TreeNode[Item]) -> int:
        width = self.scrollable_content_region.width
        return max(0, width - self._depth(node) * self.guide_depth)

    def get_label_width(self, node: TreeNode[Item]) -> int:
        """Every label is cut to the room it has, so the tree never scrolls sideways."""
        return self._room(node)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"task-tree--{name}", partial=True)

    def render_label(self, node: TreeNode[Item], base_style: Style, style: Style) -> Text:
        item = node.data
        room = self._room(node)
        if item is None:
            return Text("")
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            prefix = Text(icon, style=base_style + TOGGLE)
        else:
            prefix = Text("")
        width = max(0, room - prefix.cell_len)
        if item.kind == "task":
            body = self.task_label(item.obj, width)
        else:
            body = self.heading_label(item.obj, width, plan=item.kind == "plan")
        label = Text(style=style)
        label.append_text(body)
        return Text.assemble(prefix, label)

    def task_label(self, task: Task, width: int) -> Text:
        left = Text()
        left.append(STATE_MARKS.get(task.state, "[?]"), self._style(task.state))
        left.append(" ")
        left.append(one_line(task.no or "-"), self._style("figures"))
        left.append(" ")
        if task.flag:
            left.append(i18n.t(f"flag.{task.flag}", self.lang), self._style("flag"))
            left.append(" ")
        text = Text(_prefix(one_line(task.text), width))
        if task.state in ("done", "na"):
            text.stylize(self._style("closed-text"))
        if self.scope is not None and self.scope.terms:
            highlight(text, self.scope.terms, self._style("match"))
        left.append_text(text)
        right = Text()
        if task.due:
            status = due_status(task.due, task.state, self.today)
            right.append(short_date(task.due, self.today), self._style(status or "due"))
            if status:
                right.append(" " + i18n.t(f"ui.due.{status}", self.lang), self._style(status))
        return pad_between(left, right, width)

    def heading_label(self, obj: PlanSummary | Section, width: int, *, plan: bool) -> Text:
        if plan:
            title = Text(_prefix(one_line(obj.display_title), width), self._style("plan"))
            if obj.archived:  # issue 19
                title = Text.assemble((i18n.t("ui.plan.archived_prefix", self.lang), "dim"), title)
        else:
            title = Text(_prefix(one_line(f"{obj.label or ''}{obj.title}"), width))
        if self.scope is not None and self.scope.terms:
            highlight(title, self.scope.terms, self._style("match"))
        progress = obj.progress
        right = Text.assemble(
            (fraction(progress).rjust(9), self._style("figures")),
            " ",
            bar(progress, BAR_WIDTH, self._style("bar-done"), self._style("bar-rest")),
            (f"{progress.percent:>4}%", self._style("figures")),
        )
        return pad_between(title, right, width)


def _prefix(text: str, width: int) -> str:
    """As much of `text` as a line of `width` cells can show, and one character more, so that
    cutting it still ends in the ellipsis: a long task text is cut here, cheaply, rather than
    measured in full by `fit` (a Text's truncate costs per character, on every line drawn)."""
    head = text[: width + 1]
    return head if len(text) > len(head) and cell_len(head) > width else text
