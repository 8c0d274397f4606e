/**
 * Property-based tests run with a fixed seed, so that CI is repeatable; set FC_SEED to explore
 * others (and FUZZ_RUNS for more runs), e.g. `FC_SEED=$RANDOM FUZZ_RUNS=20000 npx jest test/spec`.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261127) });
