// Walks a whole list with the stock Relay pagination helpers of two normalised caches, and
// no merge code of our own: Apollo Client 4's relayStylePagination() (watchQuery, then
// fetchMore with each endCursor) and urql graphcache's relayPagination() (a query per
// page, which the cache answers with every page so far). Prints one JSON line: per client,
// the ids of the merged list, its final pageInfo, and the pages that crossed the network.
//
//   node relay_pagination.mjs <GraphQL URL> <user token> <page size>
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { Client, fetchExchange } from "@urql/core";
import { cacheExchange } from "@urql/exchange-graphcache";
import { relayPagination } from "@urql/exchange-graphcache/extras";
import { printOutcome } from "./outcome.mjs";

const [url, token, size] = process.argv.slice(2);
const first = Number(size);
const headers = { authorization: `Bearer ${token}` };
const VENDORS = `query Vendors($first: Int, $after: String) {
  vendors(first: $first, after: $after) {
    edges { cursor node { id number displayName } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

// The pages as the server sent them, to tell the clients' merging from the server's paging.
function recording(pages) {
  return async (input, init) => {
    const response = await fetch(input, init);
    const body = await response.clone().json();
    const page = body?.data?.vendors;
    if (page) {
      // POST (Apollo) or GET (urql sends queries in the URL when they fit).
      const variables = init?.body
        ? JSON.parse(init.body).variables
        : JSON.parse(new URL(input).searchParams.get("variables"));
      const ids = page.edges.map((e) => e.node.id);
      pages.push({ after: variables.after ?? null, ids, pageInfo: page.pageInfo });
    }
    return response;
  };
}

function merged(vendors) {
  return {
    ids: vendors.edges.map((e) => e.node.id),
    cursors: vendors.edges.map((e) => e.cursor),
    pageInfo: vendors.pageInfo,
  };
}

async function apollo() {
  const pages = [];
  const client = new ApolloClient({
    link: new HttpLink({ uri: url, headers, fetch: recording(pages) }),
    cache: new InMemoryCache({
      typePolicies: { Query: { fields: { vendors: relayStylePagination() } } },
    }),
  });
  const observable = client.watchQuery({ query: gql(VENDORS), variables: { first } });
  // What a component would render: each result the watched query emits.
  let waiting;
  const subscription = observable.subscribe({
    next: (result) => {
      if (result.error) waiting?.reject(result.error);
      // (While fetchMore is loading, the query re-emits the list it had.)
      else if (!result.loading && result.data?.vendors) waiting?.resolve(result.data.vendors);
    },
    error: (error) => waiting?.reject(error),
  });
  const emitted = () => new Promise((resolve, reject) => (waiting = { resolve, reject }));
  let latest = await emitted();
  let guard = 0;
  while (latest.pageInfo.hasNextPage) {
    if (++guard > 1000) throw new Error("Apollo's walk does not end");
    const next = emitted();
    const after = latest.pageInfo.endCursor;
    const { error } = await observable.fetchMore({ variables: { after } });
    if (error) throw error;
    latest = await next; // the merged list, as the cache now answers the watched query
  }
  subscription.unsubscribe();
  client.stop();
  return { ...merged(latest), pages };
}

async function urql() {
  const pages = [];
  const client = new Client({
    url,
    fetch: recording(pages),
    fetchOptions: { headers },
    exchanges: [
      cacheExchange({
        resolvers: { Query: { vendors: relayPagination() } },
        // Connections, edges and pageInfo have no id: they live inside their parent.
        keys: { VendorConnection: () => null, VendorEdge: () => null, PageInfo: () => null },
      }),
      fetchExchange,
    ],
  });
  let after = null;
  let vendors;
  let guard = 0;
  do {
    if (++guard > 1000) throw new Error("urql's walk does not end");
    const { data, error } = await client.query(VENDORS, { first, after }).toPromise();
    if (error) throw error;
    vendors = data.vendors;
    after = vendors.pageInfo.endCursor;
  } while (vendors.pageInfo.hasNextPage);
  return { ...merged(vendors), pages };
}

await printOutcome({ apollo, urql });
