"""A cdk8s app in Python, written as a Python user writes one, using the library's wheel.

scripts/python-consumer-test.mjs runs it in a venv with cdk8s, constructs and cdk8s-plus-28 from
PyPI, then checks that its objects equal what `gha-rs synth -f spec.yaml` writes.

    python main.py                   synthesizes the app into dist/ (or $CDK8S_OUTDIR)
    python main.py --check-errors    a bad prop must reach Python as an exception naming the prop
"""
import sys

from cdk8s import App, Chart
from constructs import Construct

from cdk8s_gha_runner_scale_set import (
    ArcCrds,
    ContainerModes,
    ContainerModeType,
    GhaRunnerScaleSet,
    GhaRunnerScaleSetController,
    GitHubAuth,
    PersistentVolumeOptions,
    PodSecurity,
    PodSecurityLevel,
    RunnerCount,
    RunnerOptions,
    WorkVolumeClaimOptions,
)


class Runners(Chart):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # props as keyword arguments; a struct prop may be a dict with snake_case keys
        controller = GhaRunnerScaleSetController(
            self, "arc",
            namespace="arc-systems",
            create_namespace=True,
            flags={"log_level": "info"},
        )
        # ... or the struct's class
        self.scale_set = GhaRunnerScaleSet(
            self, "linux",
            namespace="arc-runners",
            create_namespace=True,
            scale_set_name="linux",
            github_config_url="https://github.com/my-org",
            auth=GitHubAuth.existing_secret("github-app"),
            container_mode=ContainerModes.kubernetes(
                work_volume_claim=WorkVolumeClaimOptions(size="10Gi", storage_class="fast-ssd"),
            ),
            min_runners=1,
            max_runners=20,
            runner=RunnerOptions(image="ghcr.io/actions/actions-runner:2.331.0"),
            persistent_volumes=[
                PersistentVolumeOptions(name="cache", size="50Gi", mount_path="/home/runner/.cache", access_modes=["ReadWriteMany"]),
            ],
            controller=controller,
        )


def fail(message: str) -> None:
    print(f"python app: {message}", file=sys.stderr)
    sys.exit(1)


def synth() -> None:
    app = App()
    # the CRDs in a chart of their own, applied first
    ArcCrds(Chart(app, "crds"), "arc")
    runners = Runners(app, "runners")
    app.synth()

    # what the construct reads back, and the former free functions as static members
    scale_set = runners.scale_set
    if scale_set.container_mode.type != ContainerModeType.KUBERNETES:
        fail(f"container mode type {scale_set.container_mode.type}")
    if (scale_set.min_runners, scale_set.max_runners, scale_set.pvc_names) != (1, 20, ["linux-cache"]):
        fail(f"read back {scale_set.min_runners}, {scale_set.max_runners}, {scale_set.pvc_names}")
    names = GhaRunnerScaleSet.scale_set_names("linux")
    if scale_set.kube_mode_role.name != names.kube_mode_role or scale_set.manager_role.name != names.manager_role:
        fail(f"scale_set_names {names} disagrees with {scale_set.kube_mode_role.name}, {scale_set.manager_role.name}")
    if GhaRunnerScaleSetController.ARC_VERSION != "0.14.2" or ArcCrds.crds_yaml().count("kind: CustomResourceDefinition") != 4:
        fail("ARC_VERSION or crds_yaml()")
    # the Namespace carries the strictest level every pod of the scale set passes
    order = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED]
    # (a struct as the last argument is passed as keyword arguments in Python)
    needed = min((PodSecurity.level_of(metadata=p.pod.metadata, spec=p.pod.spec) for p in scale_set.pods), key=order.index)
    enforced = scale_set.namespace_object.to_json()["metadata"]["labels"].get("pod-security.kubernetes.io/enforce")
    # Python's enum members carry the TypeScript member names (BASELINE); the label is the value (baseline)
    if enforced is None or PodSecurityLevel[enforced.upper()] != needed:
        fail(f"the Namespace enforces {enforced}, the pods need {needed}")


def check_errors() -> None:
    # a count left out of the AutoscalingRunnerSet
    app = App(outdir="unused")
    chart = Chart(app, "unset")
    unset = GhaRunnerScaleSet(
        chart, "unset",
        namespace="ci",
        github_config_url="https://github.com/my-org",
        auth=GitHubAuth.personal_access_token("not-a-real-token"),
        max_runners=RunnerCount.unset(),
    )
    spec = unset.runner_set.to_json()["spec"]
    if "maxRunners" in spec or spec.get("minRunners") != 0:
        fail(f"RunnerCount.unset(): spec {spec}")

    # a bad prop: an exception naming it
    app = App(outdir="unused")
    chart = Chart(app, "bad")
    GhaRunnerScaleSet(
        chart, "bad",
        namespace="ci",
        github_config_url="https://github.com/my-org",
        auth=GitHubAuth.existing_secret("gh"),
        min_runners=-1,
    )
    try:
        app.synth_yaml()
    except Exception as e:  # jsii raises the JavaScript error as a Python exception
        message = str(e)
        if "minRunners" not in message or "-1" not in message:
            fail(f"the error does not name the prop: {message}")
        print(f"python app: {type(e).__name__}: {message.splitlines()[0]}")
        return
    fail("min_runners=-1 raised nothing")


if __name__ == "__main__":
    if sys.argv[1:] == ["--check-errors"]:
        check_errors()
    elif len(sys.argv) == 1:
        synth()
    else:
        fail("usage: main.py [--check-errors]")
    print("python app: ok")
