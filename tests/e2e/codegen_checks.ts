// Compile-time checks of what GraphQL Code Generator made of bcgraph's schema with the
// shipped config; test_codegen.py copies this file next to clients/typescript's example.
// Each entry fails tsc if a scalar or an enum is typed otherwise (`any` included).
import type {
  AddAccountLineMutationVariables,
  InvoiceChangesSubscription,
  OpenInvoicesQuery,
  PurchaseInvoiceStatus,
  VendorBlocked,
} from './gql/graphql';
import type { BusinessCentralRecord, Scalars } from './gql/schema';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
  ? true
  : false;
type Expect<T extends true> = T;
type AsString = { input: string; output: string };
type Invoice = OpenInvoicesQuery['purchaseInvoices']['nodes'][number];
type Event = InvoiceChangesSubscription['recordChanged'];

export type Checks = [
  Expect<Equal<Scalars['UUID'], AsString>>,
  Expect<Equal<Scalars['Date'], AsString>>,
  Expect<Equal<Scalars['DateTime'], AsString>>,
  Expect<Equal<Scalars['Decimal'], AsString>>,
  Expect<Equal<Scalars['Long'], AsString>>,
  Expect<Equal<Invoice['totalAmountIncludingTax'], string | null>>,
  Expect<Equal<Invoice['dueDate'], string | null>>,
  Expect<Equal<Invoice['status'], PurchaseInvoiceStatus | null>>,
  Expect<Equal<VendorBlocked, 'BLANK' | 'PAYMENT' | 'ALL'>>,
  Expect<Equal<AddAccountLineMutationVariables['unitCost'], string>>,
  Expect<Equal<Event['occurredAt'], string>>,
  Expect<Equal<BusinessCentralRecord['id'], string>>,
  Expect<Equal<BusinessCentralRecord['etag'], string>>,
];
