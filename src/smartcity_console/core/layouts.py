"""Dashboard layouts: which panels a dashboard shows, where, and over which series.

A layout is data, free of Qt: a grid of ``columns`` x ``rows`` cells and a
list of panels, each with a kind (``plot``, ``tile``, ``stations``, ``map``), the
series it shows (MQTT filters over series names, so ``rembang/environment/
pm25/+`` follows stations as they appear), its cell and span, and its time
window preset. Layouts are versioned JSON (``schema_version``); the schema is
:func:`layout_json_schema`.

Editing never mutates: :meth:`Layout.add_panel`, :meth:`Layout.remove_panel`,
:meth:`Layout.move_panel`, :meth:`Layout.resize_panel` and
:meth:`Layout.set_series` return a new layout, or raise :class:`LayoutError`
(panels off the grid or on top of each other), so a refused edit leaves the
dashboard as it was.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Literal, Self, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from smartcity_console.core.programs import known_program
from smartcity_console.core.topics import validate_filter

SCHEMA_VERSION: Literal[1] = 1

WindowPreset: TypeAlias = Literal["5m", "1h", "24h", "7d"]
WINDOW_PRESETS: tuple[WindowPreset, ...] = ("5m", "1h", "24h", "7d")
PRESET_SECONDS: dict[WindowPreset, float] = {
    "5m": 300.0,
    "1h": 3600.0,
    "24h": 86_400.0,
    "7d": 7 * 86_400.0,
}

PanelKind: TypeAlias = Literal["plot", "tile", "stations", "map"]
PANEL_KINDS: tuple[PanelKind, ...] = ("plot", "tile", "stations", "map")

MAX_GRID = 24
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


# A program key (``environment``...) or none; panels and layouts both carry one.
ProgramKey = Annotated[str | None, AfterValidator(known_program)]


class LayoutError(Exception):
    """A layout that cannot be used or an edit that cannot be made; ``str()`` is for the user."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Panel(_Model):
    """One panel: a plot, a value tile or a station grid, on cells of the dashboard grid."""

    id: Annotated[str, Field(min_length=1, max_length=64)]
    kind: PanelKind = "plot"
    series: list[str] = []
    """MQTT filters (or exact series names); each matching series is drawn."""
    program: ProgramKey = None
    title_id: str | None = None
    title_en: str | None = None
    row: Annotated[int, Field(ge=0, lt=MAX_GRID)] = 0
    col: Annotated[int, Field(ge=0, lt=MAX_GRID)] = 0
    row_span: Annotated[int, Field(ge=1, le=MAX_GRID)] = 1
    col_span: Annotated[int, Field(ge=1, le=MAX_GRID)] = 1
    window: WindowPreset = "1h"
    max_series: Annotated[int, Field(ge=1, le=64)] = 8

    @field_validator("series")
    @classmethod
    def _check_series(cls, value: list[str]) -> list[str]:
        for item in value:
            # '#' as a whole level is the MQTT wildcard; after other text it starts the
            # JSON path of a series name (``tele/pju/SENSOR#ENERGY.Power``).
            if item == "#" or "/#" in item:
                validate_filter(item)
            else:
                validate_filter(item.partition("#")[0])
        return value

    def title(self, language: str) -> str:
        """The title in ``language``, else the other language, else the first series."""
        first, second = (
            (self.title_en, self.title_id) if language == "en" else (self.title_id, self.title_en)
        )
        return first or second or (self.series[0] if self.series else self.id)

    def moved_to(self, row: int, col: int) -> Panel:
        """This panel with its top-left corner at (row, col); a layout edit checks it."""
        return self.model_copy(update={"row": row, "col": col})

    def stretched_to(self, row: int, col: int) -> Panel:
        """This panel with its bottom-right corner at (row, col), at least one cell; unchecked."""
        return self.model_copy(
            update={"row_span": max(1, row - self.row + 1), "col_span": max(1, col - self.col + 1)}
        )

    def cells(self) -> set[tuple[int, int]]:
        return {
            (r, c)
            for r in range(self.row, self.row + self.row_span)
            for c in range(self.col, self.col + self.col_span)
        }


class Layout(_Model):
    """One dashboard: a grid and the panels on it."""

    schema_version: Literal[1] = SCHEMA_VERSION
    key: str
    program: ProgramKey = None
    title_id: str | None = None
    title_en: str | None = None
    columns: Annotated[int, Field(ge=1, le=MAX_GRID)] = 3
    rows: Annotated[int, Field(ge=1, le=MAX_GRID)] = 2
    panels: list[Panel] = []

    @field_validator("key")
    @classmethod
    def _check_key(cls, value: str) -> str:
        if not _KEY.fullmatch(value):
            raise ValueError("a layout key is 1-64 lower-case letters, digits, '-' or '_'")
        return value

    @model_validator(mode="after")
    def _check_grid(self) -> Self:
        problem = _grid_problem(self.columns, self.rows, self.panels)
        if problem:
            raise ValueError(problem)
        return self

    def title(self, language: str) -> str:
        first, second = (
            (self.title_en, self.title_id) if language == "en" else (self.title_id, self.title_en)
        )
        return first or second or self.key

    def panel(self, panel_id: str) -> Panel:
        for p in self.panels:
            if p.id == panel_id:
                return p
        raise LayoutError(f"no panel {panel_id!r} on dashboard {self.key!r}")

    # -- editing: each returns a new, valid layout or raises LayoutError ------

    def _with_panels(self, panels: list[Panel], **grid: int) -> Layout:
        columns = grid.get("columns", self.columns)
        rows = grid.get("rows", self.rows)
        problem = _grid_problem(columns, rows, panels)
        if problem:
            raise LayoutError(problem)
        return self.model_copy(update={"panels": panels, "columns": columns, "rows": rows})

    def free_cell(self) -> tuple[int, int] | None:
        """The first empty cell, row by row."""
        taken = set().union(*(p.cells() for p in self.panels)) if self.panels else set()
        for r in range(self.rows):
            for c in range(self.columns):
                if (r, c) not in taken:
                    return r, c
        return None

    def add_panel(
        self, kind: PanelKind, series: list[str] | None = None, **fields: object
    ) -> Layout:
        """A new panel in the first free cell (a new row when the grid is full)."""
        layout = self
        cell = self.free_cell()
        if cell is None:
            if self.rows >= MAX_GRID:
                raise LayoutError(f"the dashboard is full ({self.columns} x {self.rows} panels)")
            layout = self.model_copy(update={"rows": self.rows + 1})
            cell = (self.rows, 0)
        ids = {p.id for p in self.panels}
        n = len(self.panels) + 1
        while f"{kind}-{n}" in ids:
            n += 1
        try:
            panel = Panel.model_validate(
                {
                    "id": f"{kind}-{n}",
                    "kind": kind,
                    "series": series or [],
                    "program": self.program,
                    "row": cell[0],
                    "col": cell[1],
                    **fields,
                }
            )
        except ValidationError as exc:
            raise LayoutError(_first_error(exc)) from None
        return layout._with_panels([*self.panels, panel], rows=layout.rows)

    def remove_panel(self, panel_id: str) -> Layout:
        self.panel(panel_id)
        return self._with_panels([p for p in self.panels if p.id != panel_id])

    def _replace(self, panel_id: str, **update: object) -> Layout:
        old = self.panel(panel_id)
        try:
            new = Panel.model_validate({**old.model_dump(), **update})
        except ValidationError as exc:
            raise LayoutError(_first_error(exc)) from None
        return self._with_panels([new if p.id == panel_id else p for p in self.panels])

    def move_panel(self, panel_id: str, row: int, col: int) -> Layout:
        """Put a panel's top-left corner at (row, col); refused when it would overlap or leave."""
        return self._replace(panel_id, row=row, col=col)

    def resize_panel(self, panel_id: str, row_span: int, col_span: int) -> Layout:
        return self._replace(panel_id, row_span=row_span, col_span=col_span)

    def drop_panel(self, panel_id: str, row: int, col: int) -> Layout:
        """Where a drag ends: the panel's top-left corner goes to (row, col).

        Onto free cells it moves. Onto another panel it trades places with
        the panel under that corner, when both then fit (two panels of one
        size always do), so arranging a full dashboard needs no empty cell.
        Anything else is refused with the move's reason.
        """
        try:
            return self.move_panel(panel_id, row, col)
        except LayoutError as refused:
            dragged = self.panel(panel_id)
            other = next(
                (p for p in self.panels if p.id != panel_id and (row, col) in p.cells()), None
            )
            if other is None:
                raise
            moved = {
                dragged.id: dragged.moved_to(other.row, other.col),
                other.id: other.moved_to(dragged.row, dragged.col),
            }
            try:
                return self._with_panels([moved.get(p.id, p) for p in self.panels])
            except LayoutError:
                raise refused from None

    def stretch_panel(self, panel_id: str, row: int, col: int) -> Layout:
        """Where a corner drag ends: the panel's bottom-right corner goes to (row, col)."""
        stretched = self.panel(panel_id).stretched_to(row, col)
        return self.resize_panel(panel_id, stretched.row_span, stretched.col_span)

    def set_series(self, panel_id: str, series: list[str]) -> Layout:
        return self._replace(panel_id, series=list(dict.fromkeys(series)))

    def set_window(self, panel_id: str, window: WindowPreset) -> Layout:
        return self._replace(panel_id, window=window)

    def set_grid(self, columns: int, rows: int) -> Layout:
        return self._with_panels(list(self.panels), columns=columns, rows=rows)


def _grid_problem(columns: int, rows: int, panels: list[Panel]) -> str | None:
    taken: dict[tuple[int, int], str] = {}
    ids: set[str] = set()
    for p in panels:
        if p.id in ids:
            return f"two panels share the id {p.id!r}"
        ids.add(p.id)
        if p.row + p.row_span > rows or p.col + p.col_span > columns:
            return (
                f"panel {p.id!r} (row {p.row + 1}, column {p.col + 1}, "
                f"{p.row_span} x {p.col_span}) does not fit the {rows} x {columns} grid"
            )
        for cell in p.cells():
            other = taken.get(cell)
            if other is not None:
                return (
                    f"panels {other!r} and {p.id!r} overlap at row {cell[0] + 1}, "
                    f"column {cell[1] + 1}"
                )
            taken[cell] = p.id
    return None


def _first_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(x) for x in err["loc"])
        parts.append(f"{where}: {err['msg']}" if where else err["msg"])
    return "; ".join(parts)


def parse_layout(text: str, source: str) -> Layout:
    """Validate layout JSON; errors name ``source`` and the offending key."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LayoutError(f"layout file {source}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise LayoutError(f"layout file {source}: expected a JSON object with 'key' and 'panels'")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise LayoutError(
            f"layout file {source}: schema_version {version!r} is not supported "
            f"(this console reads version {SCHEMA_VERSION})"
        )
    try:
        return Layout.model_validate(data)
    except ValidationError as exc:
        raise LayoutError(f"layout file {source}: {_first_error(exc)}") from None


def dump_layout(layout: Layout) -> str:
    return json.dumps(layout.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def layout_json_schema() -> dict[str, object]:
    return Layout.model_json_schema()
