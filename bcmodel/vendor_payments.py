from bcmodel.model import Entity
from bcmodel.payment_journals import VENDOR, payment

# BC's Gen. Journal Line through APIV2VendorPayments: a payment line of a vendor payment
# journal. BC notifies the journal, not the payments.
VENDOR_PAYMENT = Entity(**payment(VENDOR))
