"""What BC's aged accounts payable and receivable share: their filters, and the periods
an open balance is aged into (BC's Aged Report Entity)."""

from bcmodel.edm import Field
from bcmodel.fields import date, decimal, text
from bcmodel.model import ReportFilter

AGING_FILTERS: tuple[ReportFilter, ...] = (
    ReportFilter(
        "agedAsOfDate",
        "agedAsOfDate",
        description="The date the balances are aged as of; left out: today.",
    ),
    ReportFilter(
        "periodLength",
        "periodLengthFilter",
        description="The length of each aging period, as a date formula such as 30D "
        "or 1M; left out: 30D.",
    ),
)


def aging_periods() -> tuple[Field, ...]:
    """The open balance by how long it has been due, and the filters as BC echoes them."""
    return (
        decimal(
            "currentAmount",
            read_only=True,
            description="What is not yet due on agedAsOfDate (BC's Before).",
        ),
        decimal(
            "period1Amount",
            read_only=True,
            description="What has been due for up to one period length.",
        ),
        decimal(
            "period2Amount",
            read_only=True,
            description="What has been due for more than one and up to two period lengths.",
        ),
        decimal(
            "period3Amount",
            read_only=True,
            description="What has been due for more than two period lengths.",
        ),
        date("agedAsOfDate", read_only=True, description="The date the balances are aged as of."),
        text(
            "periodLengthFilter",
            10,
            read_only=True,
            description="The length of each aging period, as a date formula such as 30D.",
        ),
    )
