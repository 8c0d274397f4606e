// The CustomResourceDefinitions first: ARC's four from crds/, and the third-party ones our output
// uses (ExternalSecret, SealedSecret, PodMonitor) from their published Go modules; each must be
// accepted and become Established before anything uses its kinds.
import { join } from 'node:path';
import { SCHEMA_CRDS, staleCopies } from '../../scripts/third-party-crd-schemas.mjs';
import { apply, manifestFiles, readObjects, SUITE_MANAGER } from '../lib/kube.mjs';

export async function run(t) {
  const ours = join(t.root, 'crds');
  const theirs = manifestFiles(t.thirdPartyCrds);
  const crds = [...readObjects(ours), ...theirs.flatMap(readObjects)];
  // the unit tests validate SealedSecret and ExternalSecret against schema-only copies of these CRDs
  const stale = staleCopies(t.thirdPartyCrds);
  t.check(`test/fixtures/third-party-crds/ (${SCHEMA_CRDS.join(', ')}): the schemas of these CRDs`, stale.length === 0,
    `${stale.join(', ')} differ; run node scripts/third-party-crd-schemas.mjs`);
  t.check(`ARC's CRDs (crds/): accepted by server-side dry-run`, (await apply(t.kubectl, ours, { dryRun: true })).code === 0);
  const r = await apply(t.kubectl, ours);
  t.check(`ARC's CRDs (crds/): applied`, r.code === 0, r.stderr);
  for (const f of theirs) {
    const x = await apply(t.kubectl, f, { manager: SUITE_MANAGER });
    t.check(`third-party CRD ${f.split('/').pop()}: applied`, x.code === 0, x.stderr);
  }
  for (const crd of crds) {
    const w = await t.kubectl(['wait', '--for=condition=Established', '--timeout=120s', `crd/${crd.metadata.name}`]);
    t.check(`CRD ${crd.metadata.name}: Established`, w.code === 0, w.stderr);
  }
  t.log(`  ${crds.length} CRDs established: ${crds.map((c) => c.metadata.name).join(', ')}`);
}
