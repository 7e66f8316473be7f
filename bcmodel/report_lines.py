"""What BC's account-schedule reports share (income statement, cash flow statement,
retained earnings): the fields of a line of BC's Acc. Schedule Line Entity, the date-range
arguments, and the wording of a line id the gateway derives."""

from bcmodel.edm import Field
from bcmodel.fields import date, decimal, integer, key, text
from bcmodel.model import ReportFilter

PERIOD = (
    ReportFilter(
        "startDate",
        "dateFilter",
        "ge",
        description="The first day of the period the report covers; left out: the first "
        "day of endDate's year (the calendar year is the fiscal year).",
    ),
    ReportFilter(
        "endDate",
        "dateFilter",
        "le",
        description="The last day of the period the report covers; left out: today.",
    ),
)

DERIVED_ID = (
    "This line of this report: derived from the company, lineNumber and the report's "
    "period, so it is the same whenever that line is read again and differs for another "
    "period or company. Not BC's id of the line, which is the same for every period."
)


def schedule_fields(amount: str) -> tuple[Field, ...]:
    """A line of an account schedule whose `netChange` is `amount`."""
    return (
        key("BC's id of the line: the same for every period."),
        integer(
            "lineNumber",
            read_only=True,
            description="The line's place in the report (BC's Line No.); lines come in this order.",
        ),
        text("display", read_only=True, description="The line's caption (BC's Description)."),
        decimal("netChange", read_only=True, description=amount),
        text(
            "lineType",
            read_only=True,
            description="What the line is: header, detail, total or spacer.",
        ),
        integer(
            "indentation",
            read_only=True,
            description="How deep the line sits under its headers: 0 at the top.",
        ),
        date("dateFilter", read_only=True, description="The last day of the report's period."),
    )
