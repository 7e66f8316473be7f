from bcmodel.model import Entity
from bcmodel.payment_journals import VENDOR, payment_journal

# BC's Gen. Journal Batch through APIV2VendPaymJournals (a batch of the vendor's
# payments template); posted through the journals page's post action.
VENDOR_PAYMENT_JOURNAL = Entity(**payment_journal(VENDOR))
