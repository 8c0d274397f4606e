// A cdk8s app that uses the packed library beside objects of its own.
// scripts/consumer-test.mjs compiles it with tsc, runs `cdk8s synth`, and checks that the
// library's objects equal what `gha-rs synth -f spec.yaml` writes.
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import {
  ArcCrds, ContainerModes, GhaRunnerScaleSet, GhaRunnerScaleSetController, GitHubAuth,
} from 'cdk8s-gha-runner-scale-set';

export class Runners extends Chart {
  public readonly scaleSet: GhaRunnerScaleSet;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const controller = new GhaRunnerScaleSetController(this, 'arc', {
      namespace: 'arc-systems',
      createNamespace: true,
      flags: { logLevel: 'info' },
    });
    this.scaleSet = new GhaRunnerScaleSet(this, 'linux', {
      namespace: 'arc-runners',
      createNamespace: true,
      // Spec files always write spec.runnerScaleSetName; the construct, as the chart, only when
      // given. Given here, so that both write the same object (see docs/constructs.md).
      scaleSetName: 'linux',
      githubConfigUrl: 'https://github.com/my-org',
      auth: GitHubAuth.existingSecret('github-app'),
      containerMode: ContainerModes.kubernetes({ workVolumeClaim: { size: '10Gi', storageClass: 'fast-ssd' } }),
      minRunners: 1,
      maxRunners: 20,
      runner: { image: 'ghcr.io/actions/actions-runner:2.331.0' },
      persistentVolumes: [{ name: 'cache', size: '50Gi', mountPath: '/home/runner/.cache', accessModes: ['ReadWriteMany'] }],
      controller,
    });

    // The app's own object, wired to the scale set's readonly outputs: a Deployment that keeps
    // the runners' shared cache warm.
    const cache = kplus.PersistentVolumeClaim.fromClaimName(this, 'cache', this.scaleSet.pvcNames[0]);
    new kplus.Deployment(this, 'cache-warmer', {
      metadata: { name: 'cache-warmer', namespace: this.scaleSet.namespace },
      containers: [{
        image: 'busybox:1.37',
        command: ['sh', '-c', 'while true; do du -sh /cache; sleep 3600; done'],
        volumeMounts: [{ path: '/cache', volume: kplus.Volume.fromPersistentVolumeClaim(this, 'cache-volume', cache) }],
        securityContext: { user: 1001, group: 1001 },
      }],
    });
  }
}

const app = new App();
// The CRDs in a chart of their own, applied first.
new ArcCrds(new Chart(app, 'crds'), 'arc');
new Runners(app, 'runners');
app.synth();
