"""BC's reports, computed per request from what the company has posted: pure functions
over rows, no I/O (sandbox/rules/reports.py reads the store and the request's filters).

lines.py       what the account-schedule reports share: periods, balances, numbered lines
statements.py  the income statement, cash flow statement and retained earnings statement
accounts.py    the trial balance
payables.py    aged accounts payable and vendor purchases, from the posted invoices

A customer report is a function here over the company's sales documents plus a
declaration and one line in sandbox/rules/reports.py.
"""
