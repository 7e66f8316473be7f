from bcmodel.model import Entity
from bcmodel.payment_journals import CUSTOMER, payment

# BC's Gen. Journal Line through APIV2CustomerPayments: a payment line of a customer payment
# journal. BC notifies the journal, not the payments.
CUSTOMER_PAYMENT = Entity(**payment(CUSTOMER))
