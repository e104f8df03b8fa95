// Every fast-check property of the suite runs from one fixed seed, so a run on CI is repeatable
// (a property that fails fails every time, with the same counterexample). FC_SEED=<n> picks
// another seed, FC_SEED=random a new one per run, to explore further by hand.
import fc from "fast-check";

const wanted = process.env.FC_SEED;
if (wanted !== "random") {
  const seed = wanted !== undefined && /^-?\d+$/.test(wanted) ? Number(wanted) : 20261129;
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
