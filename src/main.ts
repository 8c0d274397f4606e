/**
 * The cdk8s app `cdk8s synth` runs (see cdk8s.yaml): the same pipeline as `gha-rs synth`,
 * over specs/, into the folder cdk8s names.
 */
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from './constants';
import { guardedIo, report } from './cli';
import { runSynth } from './cli/synth';

const io = guardedIo({ out: (l: string) => console.log(l), err: (l: string) => console.error(l) });
Promise.resolve().then(() => runSynth({ files: [process.env.GHA_RS_SPECS ?? DEFAULT_SPEC_PATH], outDir: process.env.CDK8S_OUTDIR ?? DEFAULT_OUT_DIR }, io)).catch((e) => {
  process.exitCode = report(e, io, true);
});
