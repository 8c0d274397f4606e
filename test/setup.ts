/**
 * Runs before every test file. Property-based tests use a fixed seed, so that CI is repeatable;
 * set FC_SEED to explore others (and FUZZ_RUNS for more runs), e.g.
 * `FC_SEED=$RANDOM FUZZ_RUNS=20000 npx jest test/input`. Folders made with `tempDir()` are
 * removed after each file.
 */
import fc from 'fast-check';
import { removeTempDirs } from './support/temp';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261127) });

afterAll(removeTempDirs);
