"""A small server-rendered SVG chart of an organization's assessment history.

Python computes the geometry; templates/includes/assessment_chart.svg.html draws it.
The table on the same page is the chart's accessible alternative.
"""

from dataclasses import dataclass

from .models import AssessmentResult

MAX_POINTS = 16
STEP = 44
LEFT = 90
TOP = 20
ROW = 40
ROWS = {
    AssessmentResult.Standing.EXCELLENT: 0,
    AssessmentResult.Standing.OTHER: 1,
    AssessmentResult.Standing.LAGGING: 2,
}


@dataclass
class ChartPoint:
    x: int
    y: int
    label: str  # the period, printed under the first of its points only
    result: AssessmentResult


@dataclass
class Chart:
    points: list
    width: int
    height: int
    rows: list  # (y, label)

    @property
    def polyline(self):
        return " ".join(f"{p.x},{p.y}" for p in self.points)


def assessment_chart(results):
    """Chart the latest results (newest first in `results`), drawn oldest to newest."""
    latest = list(reversed(results[:MAX_POINTS]))
    points, previous = [], None
    for index, result in enumerate(latest):
        period = result.report.period or result.report.meeting.held_on.isoformat()
        points.append(
            ChartPoint(
                x=LEFT + index * STEP + STEP // 2,
                y=TOP + ROWS[result.standing] * ROW,
                label="" if period == previous else period,
                result=result,
            )
        )
        previous = period
    rows = [
        (TOP + row * ROW, AssessmentResult.Standing(standing).label)
        for standing, row in ROWS.items()
    ]
    return Chart(
        points=points,
        width=LEFT + max(len(points), 1) * STEP + 10,
        height=TOP + 2 * ROW + 70,
        rows=rows,
    )
