"""Marks Textual draws with ambiguous-width glyphs, replaced by ones one cell wide everywhere.

Terminals set for CJK (some Chinese-locale setups) draw ambiguous-width characters — the
eighth blocks of scrollbars, ▐●▌ of radio buttons, check boxes and selection lists — two cells
wide, which shifts the rest of the row. Textual tells "on" from "off" by colour alone; with
ASCII marks the mark itself says it too: (*) ( ) and [x] [ ]. Set once when the app starts;
the borders are done in the .tcss.
"""
from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton


class NeutralScrollBarRender(ScrollBarRender):
    """Scrollbars of coloured spaces."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8


def _toggle_button(self: ToggleButton) -> Content:
    style = self.get_visual_style("toggle--button")
    inner = self.BUTTON_INNER if self.value else " "
    return Content.assemble(self.BUTTON_LEFT, (inner, style), self.BUTTON_RIGHT)


_selection_render_line = SelectionList.render_line


def _selection_line(self: SelectionList, y: int) -> Strip:
    strip = _selection_render_line(self, y)
    segments = list(strip)
    if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER:
        return strip
    index = (segments[1].style.meta if segments[1].style else {}).get("option")
    if index is None:
        return strip
    if self.get_option_at_index(index).value in self.selected:
        return strip
    segments[1] = Segment(" ", segments[1].style)
    return Strip(segments, strip.cell_length)


def use_neutral_glyphs() -> None:
    ScrollBar.renderer = NeutralScrollBarRender
    ToggleButton.BUTTON_LEFT = "["
    ToggleButton.BUTTON_RIGHT = "]"
    ToggleButton.BUTTON_INNER = "x"
    RadioButton.BUTTON_LEFT = "("
    RadioButton.BUTTON_RIGHT = ")"
    RadioButton.BUTTON_INNER = "*"
    ToggleButton._button = property(_toggle_button)  # type: ignore[assignment]
    SelectionList.render_line = _selection_line  # type: ignore[method-assign]
