// The operations of a small accounts-payable screen, typed by what GraphQL Code Generator
// writes into ./gql (see ../codegen.ts).
import { graphql, useFragment as readFragment, type FragmentType } from './gql';
import type { BlockVendorMutationVariables, OpenInvoicesQuery } from './gql/graphql';
import type { BusinessCentralRecord, PurchaseInvoiceStatus, VendorBlocked } from './gql/schema';

// What every record has, on the BusinessCentralRecord interface: the etag goes back to
// an update so that BC refuses it if the record changed since it was read.
export const RecordVersion = graphql(`
  fragment RecordVersion on BusinessCentralRecord {
    id
    etag
    lastModifiedDateTime
  }
`);

export const OpenInvoices = graphql(`
  query OpenInvoices($status: PurchaseInvoiceStatus!, $first: Int, $after: String) {
    purchaseInvoices(
      first: $first
      after: $after
      filter: { status: $status }
      orderBy: [{ field: DUE_DATE }]
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...RecordVersion
        number
        dueDate
        status
        totalAmountIncludingTax
        currencyCode
        vendor {
          ...RecordVersion
          displayName
          blocked
        }
      }
    }
  }
`);

export const BlockVendor = graphql(`
  mutation BlockVendor($id: UUID!, $etag: String, $blocked: VendorBlocked!) {
    updateVendor(id: $id, etag: $etag, input: { blocked: $blocked }) {
      ...RecordVersion
      blocked
    }
  }
`);

export const AddAccountLine = graphql(`
  mutation AddAccountLine(
    $invoiceId: UUID!
    $accountId: UUID!
    $unitCost: Decimal!
    $quantity: Decimal!
  ) {
    createPurchaseInvoiceLine(
      invoiceId: $invoiceId
      input: { lineType: ACCOUNT, accountId: $accountId, unitCost: $unitCost, quantity: $quantity }
    ) {
      id
      sequence
      amountIncludingTax
      invoice {
        id
        totalAmountIncludingTax
      }
    }
  }
`);

export const InvoiceChanges = graphql(`
  subscription InvoiceChanges {
    recordChanged(entities: [PURCHASE_INVOICE]) {
      id
      changeType
      recordId
      occurredAt
      record {
        __typename
        ... on PurchaseInvoice {
          status
          totalAmountIncludingTax
        }
      }
    }
  }
`);

export type Invoice = OpenInvoicesQuery['purchaseInvoices']['nodes'][number];

// Amounts are Decimal strings ("1234.50"), exact as BC has them: group them here, and
// add them up with a decimal library, never with floats.
export function amountsByStatus(
  invoices: readonly Invoice[],
): Partial<Record<PurchaseInvoiceStatus, string[]>> {
  const groups: Partial<Record<PurchaseInvoiceStatus, string[]>> = {};
  for (const invoice of invoices) {
    if (invoice.status == null || invoice.totalAmountIncludingTax == null) continue;
    (groups[invoice.status] ??= []).push(invoice.totalAmountIncludingTax);
  }
  return groups;
}

// Which record to update, and the etag it was read with, from any record that selected
// RecordVersion.
export function versionOf(
  record: FragmentType<typeof RecordVersion>,
): Pick<BusinessCentralRecord, 'id' | 'etag'> {
  const { id, etag } = readFragment(RecordVersion, record);
  return { id, etag };
}

export function blockVendorOf(
  invoice: Invoice,
  blocked: VendorBlocked,
): BlockVendorMutationVariables | null {
  return invoice.vendor ? { ...versionOf(invoice.vendor), blocked } : null;
}
