"""Where text stands on a PDF page: reading order across columns, and lines set in from the margin.

A page set in two columns has a *gutter*: a vertical strip of empty space between two columns of
running text. Lines of text start at its right edge on many rows, and the text left of it on those
rows is about as long as the text right of it (two columns of running text, not short labels beside
text such as the terms of a definition list or the page numbers of a table of contents, which must
stay on their rows). A page with a gutter is
read column by column: within each band of rows that both columns share, the left column's lines come
first, then the right column's; a line that spans the gutter (a title above the columns) stays where
it is. Text widths are estimated from the font size (half an em per character), which is enough to
tell a line that crosses the gutter from one that stops before it.

Some producers (a browser's print, report generators) draw a page's running header after its body. Read
in drawing order, the header of the first page (kept: it may carry the document's number and date) would
stand at the foot of the page's text, inside a sentence that runs on over the page. Lines drawn last
that stand above all the rest of the page are read first (at most EDGE_LINES; a footer drawn first needs
no such move: page numbers and running lines are found among a page's first and last lines alike).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

GUTTER_ZONE = (0.3, 0.7)  # where on the page (share of its width) a gutter between two columns can be
MIN_GUTTER_ROWS = 4  # rows on which a line must start at the gutter's edge
MIN_GUTTER_SHARE = 0.3  # …and the share of the page's rows that is at least
COLUMN_BALANCE = 0.5  # the lines of one column are at least this long compared with the other's
CHAR_WIDTH = 0.5  # an average character's width, in ems
POSITION_TOLERANCE = 2.0  # points: lines starting this close together start at the same place
INDENT = 12.0  # points a line starts right of its column's left edge to be set in from it
EDGE_LINES = 3  # lines of a running header or footer that may be drawn out of reading order


@dataclass
class Fragment:
    """A piece of text as a PDF draws it: where it starts (x, y in points) and its font size."""

    text: str
    x: float
    y: float
    size: float
    italic: bool = False
    bold: bool = False

    @property
    def end(self) -> float:
        return self.x + len(self.text) * self.size * CHAR_WIDTH


def read_page(lines: list[list[Fragment]], page_width: float) -> list[tuple[list[Fragment], bool]]:
    """The page's lines (each a list of fragments in drawing order) in reading order, column by column
    when the page has a gutter, each with whether it is set in from its column's left edge."""
    gutter = find_gutter(lines, page_width)
    ordered = lines if gutter is None else _by_columns(lines, gutter)
    right = [gutter is not None and line[0].x >= gutter - POSITION_TOLERANCE for line in ordered]
    margins = {side: _margin([line for line, on_right in zip(ordered, right) if on_right == side])
               for side in (False, True)}
    return [(line, line[0].x - margins[on_right] >= INDENT) for line, on_right in zip(ordered, right)]


def in_page_order(lines: list[list[Fragment]]) -> list[list[Fragment]]:
    """The lines with a running header drawn after the body moved to the top (see the module's note)."""
    tail = _outside(lines[::-1])
    body = lines[: len(lines) - tail]
    above = [line for line in lines[len(lines) - tail :] if line[0].y > _top(body)]
    if not above:
        return lines
    return sorted(above, key=lambda line: -line[0].y) + [line for line in lines if not any(line is a for a in above)]


def _outside(lines: list[list[Fragment]]) -> int:
    """How many of the first lines (up to 2 * EDGE_LINES) each stand above or below all the lines after
    them: a header or footer drawn out of order, with the body's edge lines beside it."""
    for count in range(min(2 * EDGE_LINES, len(lines) - 1), 0, -1):
        rest = lines[count:]
        top, bottom = _top(rest), _bottom(rest)
        if all(line[0].y > top or line[0].y < bottom for line in lines[:count]):
            return count
    return 0


def _top(lines: list[list[Fragment]]) -> float:
    return max(line[0].y for line in lines) + POSITION_TOLERANCE


def _bottom(lines: list[list[Fragment]]) -> float:
    return min(line[0].y for line in lines) - POSITION_TOLERANCE


def _by_columns(lines: list[list[Fragment]], gutter: float) -> list[list[Fragment]]:
    ordered: list[list[Fragment]] = []
    left: list[list[Fragment]] = []
    right: list[list[Fragment]] = []
    for line in lines:
        if _spans(line, gutter):
            ordered += left + right + [line]
            left, right = [], []
            continue
        left_part = [f for f in line if f.x < gutter - POSITION_TOLERANCE]
        right_part = [f for f in line if f.x >= gutter - POSITION_TOLERANCE]
        left += [left_part] if left_part else []
        right += [right_part] if right_part else []
    return ordered + left + right


def find_gutter(lines: list[list[Fragment]], page_width: float) -> float | None:
    """The x where a right column starts, or None for a page of one column."""
    rows = [line for line in lines if any(f.text.strip() for f in line)]
    low, high = (share * page_width for share in GUTTER_ZONE)
    starts = Counter(
        round(fragment.x / POSITION_TOLERANCE)
        for line in rows
        for fragment in line[1:]
        if low <= fragment.x <= high and fragment.text.strip() and _before(line, fragment)
    )
    if not starts:
        return None
    bin_, count = starts.most_common(1)[0]
    if count < max(MIN_GUTTER_ROWS, MIN_GUTTER_SHARE * len(rows)):
        return None
    gutter = bin_ * POSITION_TOLERANCE
    shared = [line for line in rows if _split(line, gutter)]
    left = [len(_text(part)) for part, _ in map(lambda line: _split(line, gutter), shared)]
    right = [len(_text(part)) for _, part in map(lambda line: _split(line, gutter), shared)]
    shorter, longer = sorted((statistics.median(left), statistics.median(right)))
    if shorter < COLUMN_BALANCE * longer:
        return None  # labels or numbers beside text (a definition list, a table of contents): row by row
    return gutter


def _margin(lines: list[list[Fragment]]) -> float:
    """The left edge of a column: where most of its lines start (the leftmost such place)."""
    edges = Counter(round(line[0].x / POSITION_TOLERANCE) for line in lines)
    if not edges:
        return 0.0
    most = edges.most_common(1)[0][1]
    return min(edge for edge, count in edges.items() if count * 3 >= most) * POSITION_TOLERANCE


def _before(line: list[Fragment], fragment: Fragment) -> bool:
    """Whether the line has text before the fragment that ends short of it (not one run of text)."""
    earlier = [f for f in line if f.x < fragment.x - POSITION_TOLERANCE and f.text.strip()]
    return bool(earlier) and max(f.end for f in earlier) <= fragment.x + fragment.size


def _split(line: list[Fragment], gutter: float) -> tuple[list[Fragment], list[Fragment]] | None:
    left = [f for f in line if f.x < gutter - POSITION_TOLERANCE]
    right = [f for f in line if f.x >= gutter - POSITION_TOLERANCE]
    return (left, right) if left and right and _text(left) and _text(right) else None


def _spans(line: list[Fragment], gutter: float) -> bool:
    """A line that starts left of the gutter and runs across it (a title over both columns)."""
    left = [f for f in line if f.x < gutter - POSITION_TOLERANCE]
    return bool(left) and max(f.end for f in left) > gutter + left[0].size and len(left) == len(line)


def _text(fragments: list[Fragment]) -> str:
    return "".join(f.text for f in fragments).strip()
