// The balance sheet through two normalised caches, as a page reads it: 2030, then 2020, then
// each again (answered from the cache), with a watcher left on 2030 all along. Apollo
// Client 4 (InMemoryCache) and urql (graphcache), both stock: no type policies, no keys
// beyond telling graphcache which types have no id. Prints one JSON line: per client, the
// lines (lineNumber, balance) each step got, for the caller to check against BC's numbers.
//
//   node cache_ids.mjs <GraphQL URL> <user token>
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { Client, fetchExchange } from "@urql/core";
import { cacheExchange } from "@urql/exchange-graphcache";
import { printOutcome } from "./outcome.mjs";

const [url, token] = process.argv.slice(2);
const headers = { authorization: `Bearer ${token}` };
const SHEET = `query Sheet($date: Date!) {
  balanceSheet(date: $date) { id lineNumber display balance }
}`;
const LATER = "2030-12-31";
const EARLIER = "2020-12-31";

const lines = (data) => data.balanceSheet.map((l) => [l.lineNumber, l.balance]);

async function apollo() {
  const client = new ApolloClient({
    link: new HttpLink({ uri: url, headers }),
    cache: new InMemoryCache(),
  });
  const query = gql(SHEET);
  const read = async (date) => {
    const { data, error } = await client.query({ query, variables: { date } });
    if (error) throw error;
    return lines(data);
  };
  const steps = { later: await read(LATER) };
  // What a component showing 2030 keeps seeing while the page goes on.
  const watcher = client.watchQuery({ query, variables: { date: LATER } });
  let watched;
  const subscription = watcher.subscribe((result) => {
    if (result.data) watched = lines(result.data);
  });
  steps.earlier = await read(EARLIER);
  steps.laterAgain = await read(LATER);
  steps.earlierAgain = await read(EARLIER);
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the watcher hear of writes
  steps.laterWatched = watched;
  subscription.unsubscribe();
  client.stop();
  return steps;
}

async function urql() {
  const client = new Client({
    url,
    fetchOptions: { headers },
    exchanges: [cacheExchange({}), fetchExchange],
  });
  const read = async (date) => {
    const { data, error } = await client.query(SHEET, { date }).toPromise();
    if (error) throw error;
    return lines(data);
  };
  const steps = { later: await read(LATER) };
  let watched;
  const { unsubscribe } = client.query(SHEET, { date: LATER }).subscribe((result) => {
    if (result.data) watched = lines(result.data);
  });
  steps.earlier = await read(EARLIER);
  steps.laterAgain = await read(LATER);
  steps.earlierAgain = await read(EARLIER);
  await new Promise((resolve) => setTimeout(resolve, 50));
  steps.laterWatched = watched;
  unsubscribe();
  return steps;
}

await printOutcome({ apollo, urql });
