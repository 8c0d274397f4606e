// The controller chart's Go test ControllerDeployment_Customize sets the labels
// `team: GitHub Team` and `teamMail: team@github.com`. The chart writes them; gha-rs refuses them
// (errors at labels.team and labels.teamMail) because the API server refuses every object that
// carries such a label. This case holds that decision to the real API server:
// 1. gha-rs refuses the values (exit 1, both paths named, nothing written);
// 2. with valid values in their place, the controller's objects pass a server-side dry-run;
// 3. the same objects carrying the values as the chart writes them are refused, each one.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { synth } from '../lib/inputs.mjs';
import { apply, ensureNamespace, readObjects, toYaml } from '../lib/kube.mjs';

const CHART = 'gha-runner-scale-set-controller';
const NAMESPACE = 'conformance-label-values';
const REFUSED = { team: 'GitHub Team', teamMail: 'team@github.com' };

export async function run(t) {
  if (t.only.length && !t.only.some((o) => 'controller-label-values'.includes(o))) return;
  const { check, kubectl } = t;
  const dir = t.tmp('label-values');
  const values = (labels) => {
    const f = join(dir, `values-${Object.values(labels).join('-').replace(/[^a-z0-9]/gi, '')}.yaml`);
    writeFileSync(f, YAML.stringify({ labels: { foo: 'bar', ...labels } }));
    return ['--helm-chart', CHART, '--helm-values', f, '--release', 'arc', '--namespace', NAMESPACE];
  };

  const refused = await synth(t.root, values(REFUSED), join(dir, 'refused'));
  check('gha-rs refuses the label values of ControllerDeployment_Customize', refused.code === 1
    && /labels\.team: "GitHub Team" is not a valid label value/.test(refused.stderr)
    && /labels\.teamMail: "team@github\.com" is not a valid label value/.test(refused.stderr)
    && !(existsSync(join(dir, 'refused')) && readdirSync(join(dir, 'refused')).length), `exit ${refused.code}: ${refused.stderr}`);

  const out = join(dir, 'valid');
  const valid = await synth(t.root, values({ team: 'GitHub-Team', teamMail: 'team.github.com' }), out);
  if (!check('gha-rs writes the controller with valid values in their place', valid.code === 0, valid.stderr)) return;
  await ensureNamespace(kubectl, NAMESPACE);
  const carrying = readObjects(out).filter((o) => o.metadata?.labels?.team === 'GitHub-Team');
  check('the chart\'s labels are on objects of the controller', carrying.length > 0, 'no object carries labels.team');
  const ok = await apply(kubectl, out, { dryRun: true });
  check('those objects pass a server-side dry-run', ok.code === 0, ok.stderr);

  t.log(`  ${carrying.length} objects carry the labels; each is refused with the chart's values, accepted with valid ones`);
  for (const o of carrying) {
    const asChart = { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...REFUSED } } };
    const f = join(dir, `${o.kind}-${o.metadata.name}.yaml`);
    writeFileSync(f, toYaml([asChart]));
    const r = await apply(kubectl, f, { dryRun: true });
    check(`${o.kind} ${o.metadata.name} with the chart's label values is refused by the API server`,
      r.code !== 0 && /Invalid value: "GitHub Team"/.test(r.stderr) && /Invalid value: "team@github\.com"/.test(r.stderr), `exit ${r.code}: ${r.stderr || r.stdout}`);
  }
}
