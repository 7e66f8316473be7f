// GraphQL Code Generator for a TypeScript client of bcgraph: copy this file (and adapt
// `documents` to where your operations live), then
//
//   npm i -D @graphql-codegen/cli @graphql-codegen/client-preset @graphql-codegen/typescript typescript
//   npx graphql-codegen
//
// bcgraph's tests run it over src/operations.ts and type-check the result with tsc
// (tests/e2e/test_codegen.py), with the settings in tsconfig.json.
import type { CodegenConfig } from '@graphql-codegen/cli';

// The schema: bcgraph's schema.graphql (set BCGRAPH_SCHEMA to its path), or a running
// gateway's endpoint, such as http://127.0.0.1:8000/graphql under `bcgraph dev`
// (introspection gives the same schema).
const schema = process.env.BCGRAPH_SCHEMA ?? 'schema.graphql';

// bcgraph's custom scalars all travel as JSON strings. Decimal (money) and Long stay
// strings so that no amount passes through a float; parse them with a decimal library
// where you compute.
const scalars = {
  UUID: 'string', // "5d115c9c-44e3-ea11-bb43-000d3a2feca1"
  Date: 'string', // "2026-11-25"
  DateTime: 'string', // "2026-11-25T10:00:00Z"
  Decimal: 'string', // "1234.50"
  Long: 'string', // "50516"
};

// What the generated files need to compile under a strict tsconfig (Vite's templates):
// `import type` for types (verbatimModuleSyntax) and string unions rather than TS enums
// (erasableSyntaxOnly); an unmapped scalar is an error rather than `any`.
const config = { scalars, strictScalars: true, useTypeImports: true, enumsAsTypes: true };

const codegen: CodegenConfig = {
  schema,
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  generates: {
    // Typed documents: graphql(`query …`) returns a TypedDocumentNode, which Apollo
    // Client, urql and graphql-request type their results and variables from.
    'src/gql/': { preset: 'client', config },
    // Every schema type (Vendor, PurchaseInvoiceFilter, BusinessCentralRecord, …), for
    // code that names them: props, cache configuration, tests.
    'src/gql/schema.ts': { plugins: ['typescript'], config },
  },
};

export default codegen;
