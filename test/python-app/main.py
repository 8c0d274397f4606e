"""A cdk8s app in Python, written as a Python user writes one, using the library's wheel.

scripts/python-consumer-test.mjs runs it in a venv with cdk8s, constructs and cdk8s-plus-28 from
PyPI, then checks that its objects equal what `gha-rs synth -f spec.yaml` writes.

    python main.py                   synthesizes the app into dist/ (or $CDK8S_OUTDIR)
    python main.py --check-errors    each bad prop must reach Python as an exception naming the prop
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

    # each bad prop: an exception whose message names the prop (by its TypeScript name, as the
    # construct reports it), in the words the spec reader uses, and never holds the token
    for what, props, expected in BAD_PROPS:
        message = synth_error({**GOOD_PROPS, **props})
        if message is None:
            fail(f"{what} raised nothing")
        lines = [line.strip() for line in message.splitlines()]
        if f"[bad/bad] {expected}" not in lines:
            fail(f"{what}: the error does not say [bad/bad] {expected}:\n{message}")
        token = props.get("auth") and TOKENS.get(what)
        if token and any(part in message for part in token.split() if len(part) > 8):
            fail(f"{what}: the error echoes the token")
        print(f"python app: {what}: {expected}")

    # all problems at once, in one exception
    message = synth_error({**GOOD_PROPS, **{k: v for _, p, _ in BAD_PROPS[:2] for k, v in p.items()}})
    if message is None or not all(f"[bad/bad] {e}" in message for _, _, e in BAD_PROPS[:2]):
        fail(f"two bad props: not both reported at once:\n{message}")


# a token that looks real enough to leak, and a PEM private key given as a personal access token
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretbodyline\n-----END RSA PRIVATE KEY-----\n"
TOKENS = {"a PEM as the personal access token": PEM, "a token with the line break of a file": "ghp_pyConsumerTest0123456789\n"}
GOOD_PROPS = dict(namespace="ci", github_config_url="https://github.com/my-org", auth=GitHubAuth.existing_secret("gh"))
BAD_PROPS = [
    ("a config URL that is no URL", dict(github_config_url="my-org"),
     'githubConfigUrl: "my-org" is not a URL (e.g. https://github.com/my-org or https://github.com/my-org/my-repo)'),
    ("a fractional min_runners", dict(min_runners=1.5),
     "minRunners: must be a whole number, found number 1.5"),
    ("a negative min_runners", dict(min_runners=-1),
     "minRunners: -1 is negative; minRunners must be 0 or more"),
    ("an empty personal access token", dict(auth=GitHubAuth.personal_access_token("")),
     "auth: GitHubAuth.personalAccessToken(token): token is empty (a GitHub personal access token): is the variable or file it is read from set?"),
    ("a PEM as the personal access token", dict(auth=GitHubAuth.personal_access_token(PEM)),
     "auth: GitHubAuth.personalAccessToken(token): token holds a PEM block (the value is hidden), not a GitHub personal access token; "
     "a GitHub App's private key goes with its App ID and installation ID"),
    ("a token with the line break of a file", dict(auth=GitHubAuth.personal_access_token(TOKENS["a token with the line break of a file"])),
     "auth: GitHubAuth.personalAccessToken(token): token ends or starts with whitespace, such as the line break a file ends in (the value is hidden); "
     "allowed: one word (a token or an ID: no spaces or line breaks): trim what was read"),
]


def synth_error(props: dict):
    """The message of the exception app.synth_yaml() raises for a scale set with these props; None when it passes."""
    app = App(outdir="unused")
    chart = Chart(app, "bad")
    GhaRunnerScaleSet(chart, "bad", **props)
    try:
        app.synth_yaml()
    except Exception as e:  # jsii raises the JavaScript error as a Python exception
        return str(e)
    return None


if __name__ == "__main__":
    if sys.argv[1:] == ["--check-errors"]:
        check_errors()
    elif len(sys.argv) == 1:
        synth()
    else:
        fail("usage: main.py [--check-errors]")
    print("python app: ok")
