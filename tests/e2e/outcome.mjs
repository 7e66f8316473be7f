// How the client scripts report: each named run in turn, its result under its name, all as
// one JSON line for the pytest side; the first run that throws stops the rest and its
// stack is reported as `error`.
export async function printOutcome(runs) {
  const out = {};
  try {
    for (const [name, run] of Object.entries(runs)) out[name] = await run();
  } catch (error) {
    out.error = String(error?.stack ?? error);
  }
  console.log(JSON.stringify(out));
}
