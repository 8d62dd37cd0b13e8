"""A read-only picture of the process: stages in layers by distance from the start."""

from dataclasses import dataclass

BOX_WIDTH, BOX_HEIGHT = 168, 44
COLUMN_GAP, ROW_GAP, MARGIN = 56, 26, 12


@dataclass
class Box:
    stage: object
    x: int
    y: int

    @property
    def text_x(self):
        return self.x + BOX_WIDTH // 2

    @property
    def text_y(self):
        return self.y + BOX_HEIGHT // 2 + 5


@dataclass
class Arrow:
    path: str
    back: bool


def process_diagram(process):
    """Boxes and arrows (SVG path data) for every stage and transition, and the canvas size."""
    stages = list(process.stages.all())
    transitions = list(process.transitions.select_related("source", "target"))
    edges = {}
    for transition in transitions:
        edges.setdefault(transition.source.key, []).append(transition.target.key)
    start = next(
        (stage.key for stage in stages if stage.is_initial), stages[0].key if stages else None
    )
    depth = {start: 0} if start else {}
    frontier = [start] if start else []
    while frontier:
        here = frontier.pop(0)
        for target in edges.get(here, []):
            if target not in depth:
                depth[target] = depth[here] + 1
                frontier.append(target)
    unreachable_layer = max(depth.values(), default=-1) + 1
    layers = {}
    for stage in stages:
        layers.setdefault(depth.get(stage.key, unreachable_layer), []).append(stage)
    boxes = {}
    for layer, members in layers.items():
        for row, stage in enumerate(members):
            boxes[stage.key] = Box(
                stage,
                MARGIN + layer * (BOX_WIDTH + COLUMN_GAP),
                MARGIN + row * (BOX_HEIGHT + ROW_GAP),
            )
    arrows = []
    for transition in transitions:
        source, target = boxes[transition.source.key], boxes[transition.target.key]
        if target.x > source.x:
            x1, y1 = source.x + BOX_WIDTH, source.y + BOX_HEIGHT // 2
            x2, y2 = target.x - 4, target.y + BOX_HEIGHT // 2
            middle = (x1 + x2) // 2
            arrows.append(Arrow(f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}", False))
        else:
            # Back to an earlier layer (or the same one): a curve underneath.
            x1, y1 = source.x + BOX_WIDTH // 2 - 20, source.y + BOX_HEIGHT
            x2, y2 = target.x + BOX_WIDTH // 2 + 20, target.y + BOX_HEIGHT + 4
            low = max(y1, y2) + 34
            arrows.append(Arrow(f"M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}", True))
    width = MARGIN * 2 + (max(layers, default=0) + 1) * (BOX_WIDTH + COLUMN_GAP)
    height = (
        MARGIN * 2 + max((len(m) for m in layers.values()), default=1) * (BOX_HEIGHT + ROW_GAP) + 40
    )
    return {
        "boxes": list(boxes.values()),
        "arrows": arrows,
        "width": width,
        "height": height,
        "box_width": BOX_WIDTH,
        "box_height": BOX_HEIGHT,
    }
