"""The staff home's chart: consultation requests per week, by procedure, drawn as SVG by
templates/admin/staff_home/chart.html."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from consultations.models import NOT_SURE, ConsultationRequest, local_midnight


@dataclass
class Segment:
    series: int  # 1-based index into Chart.series, for the colour class
    label: str
    count: int
    y: float
    height: float


@dataclass
class Week:
    start: object  # date
    total: int
    segments: list
    x: float
    counts: list  # per series, for the table
    label_x: float = 0
    minor: bool = False  # its date label is left out on narrow screens


@dataclass
class Chart:
    series: list  # labels, in stacking order (bottom first)
    weeks: list
    total: int
    top: int  # the value of the highest gridline
    gridlines: list  # [(value, y)]
    width: int = 720
    height: int = 260
    left: int = 40
    right: int = 20  # room for half of the last week's date, which is centred on its bar
    bottom: int = 36
    top_margin: int = 12
    bar_width: float = 0
    series_totals: list = field(default_factory=list)

    @property
    def busiest(self):
        return max(self.weeks, key=lambda week: week.total) if self.weeks else None

    @property
    def plot_bottom(self):
        return self.height - self.bottom

    @property
    def plot_right(self):
        return self.width - self.right

    @property
    def label_y(self):
        return self.height - self.bottom + 18

    @property
    def legend(self):
        return list(
            zip(range(1, len(self.series) + 1), self.series, self.series_totals, strict=True)
        )


OTHERS = "Other procedures"


def _nice_top(value, lines=4):
    """The smallest round number at or above `value` that splits into `lines` whole steps."""
    magnitude = 1
    while True:
        for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8):
            size = step * magnitude
            if size == int(size) and size * lines >= value:
                return int(size * lines)
        magnitude *= 10


def requests_per_week(weeks=12, top=5, today=None):
    """Genuine requests per week (Monday to Sunday) for the last `weeks` weeks, this one
    included, split by what the patient asked about: the `top` most asked procedures, the rest
    as "Other procedures", and "Not sure yet"."""
    today = today or timezone.localdate()
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    rows = (
        ConsultationRequest.objects.genuine()
        .filter(created_at__gte=local_midnight(first_monday))
        .annotate(week=TruncWeek("created_at"))
        .values("week", "procedure_title")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_title, cells = {}, {}
    for row in rows:
        title = row["procedure_title"] or NOT_SURE
        week = timezone.localtime(row["week"]).date()
        per_title[title] = per_title.get(title, 0) + row["n"]
        cells[(week, title)] = cells.get((week, title), 0) + row["n"]
    named = sorted(
        (t for t in per_title if t != NOT_SURE), key=lambda t: (-per_title[t], t.casefold())
    )
    shown, rest = named[:top], set(named[top:])
    if len(rest) == 1:  # one more procedure takes no more room than "Other procedures"
        shown, rest = named, set()
    series = [*shown, *([OTHERS] if rest else []), *([NOT_SURE] if NOT_SURE in per_title else [])]

    def series_of(title):
        return OTHERS if title in rest else title

    starts = [first_monday + timedelta(weeks=i) for i in range(weeks)]
    counts = {(week, label): 0 for week in starts for label in series}
    for (week, title), n in cells.items():
        if (week, series_of(title)) in counts:
            counts[(week, series_of(title))] += n
    totals = [sum(counts[(week, label)] for label in series) for week in starts]

    chart = Chart(
        series=series,
        weeks=[],
        total=sum(totals),
        top=_nice_top(max(totals, default=0)),
        gridlines=[],
        series_totals=[sum(counts[(w, label)] for w in starts) for label in series],
    )
    plot_height = chart.plot_bottom - chart.top_margin
    slot = (chart.plot_right - chart.left) / weeks
    chart.bar_width = round(slot * 0.62, 1)

    def y_of(value):
        return round(chart.plot_bottom - plot_height * value / chart.top, 1)

    chart.gridlines = [(chart.top * i // 4, y_of(chart.top * i / 4)) for i in range(5)]
    for i, (start, total) in enumerate(zip(starts, totals, strict=True)):
        segments, below = [], 0
        for index, label in enumerate(series, start=1):
            n = counts[(start, label)]
            if n:
                segments.append(
                    Segment(
                        series=index,
                        label=label,
                        count=n,
                        y=y_of(below + n),
                        height=round(y_of(below) - y_of(below + n), 1),
                    )
                )
                below += n
        chart.weeks.append(
            Week(
                start=start,
                total=total,
                segments=segments,
                x=round(chart.left + slot * i + (slot - chart.bar_width) / 2, 1),
                counts=[counts[(start, label)] for label in series],
                label_x=round(chart.left + slot * i + slot / 2, 1),
                minor=(weeks - 1 - i) % 2 == 1,  # this week's label always shows
            )
        )
    return chart
