/**
 * Which ARC release a controller runs, and whether it reconciles the scale sets this library writes.
 *
 * The controller only reconciles an AutoscalingRunnerSet whose `app.kubernetes.io/version` label has
 * its own major.minor. Every scale set this library writes carries {@link ARC_VERSION}; a controller's
 * version is read from its image tag (`0.14.2`, `v0.14.2`, `0.14.2-rc.1`); a tag that is no version
 * (`latest`, `canary`, a digest) tells nothing, and the controller is assumed to run {@link ARC_VERSION}.
 */
import { ARC_VERSION } from '../constants';

const VERSION_TAG = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+@].*)?$/;

/** `major.minor` of a version tag, or undefined when the tag is no version. */
export function majorMinor(tag: string): string | undefined {
  const m = VERSION_TAG.exec(tag);
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/** The major.minor of the ARC release this library reproduces. */
export const ARC_MAJOR_MINOR = majorMinor(ARC_VERSION)!;

/** A tag's version when it names one of another major.minor than {@link ARC_VERSION}; else undefined. */
export function incompatibleTag(tag: string): string | undefined {
  const mm = majorMinor(tag);
  return mm !== undefined && mm !== ARC_MAJOR_MINOR ? mm : undefined;
}
