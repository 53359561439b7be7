// Property tests explore new random cases on every local run; in CI they replay one fixed seed,
// so a landing never depends on the luck of the draw. Counterexamples found locally become
// fixed examples in the tests.
import fc from "fast-check";

if (process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261127) });
