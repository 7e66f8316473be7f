from bcmodel.model import Entity
from bcmodel.payment_journals import CUSTOMER, payment_journal

# BC's Gen. Journal Batch through APIV2CustPaymJournals (a batch of the customer's
# payments template); posted through the journals page's post action.
CUSTOMER_PAYMENT_JOURNAL = Entity(**payment_journal(CUSTOMER))
