/**
 * The runner egress policy's settings and their checks, shared by spec files and the construct.
 * Pure: no cdk8s.
 */
import { EGRESS_POLICY } from '../constants';

/** The API server the kubernetes modes' container hooks call (where it sits inside a denied range). */
export interface ApiServerEndpoint {
  /** Its address as an IPv4 CIDR, e.g. `10.0.0.1/32` or the control plane's subnet. */
  readonly cidr: string;
  /** @default 443 */
  readonly port?: number;
}

export interface RunnerEgressPolicyOptions {
  /**
   * IPv4 ranges runners must not reach, e.g. the cluster's pod, service and node ranges. The cloud
   * metadata address (169.254.169.254/32) is always denied.
   * @default - only the metadata address
   */
  readonly deniedCidrs?: string[];
  /**
   * The API server, allowed for runners of the KUBERNETES modes (their container hooks start job
   * pods through it) even when it lies inside `deniedCidrs`. Ignored in the other modes.
   * @default - not allowed beyond what `deniedCidrs` leaves open
   */
  readonly apiServer?: ApiServerEndpoint;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Why `cidr` is not a canonical IPv4 CIDR, or undefined when it is. */
export function ipv4CidrProblem(cidr: string): string | undefined {
  const m = IPV4_CIDR.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : NaN;
  if (!m || octets.some((o) => o > 255) || bits > 32) return `"${cidr}" is not an IPv4 CIDR (such as 10.0.0.0/8 or 10.0.0.1/32)`;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const network = address - (address % size);
  if (network !== address) {
    const base = [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join('.');
    return `"${cidr}" has bits set beyond its /${bits} prefix (did you mean ${base}/${bits}?)`;
  }
  return undefined;
}

/** Problems of the settings, each with the field path below the policy (`deniedCidrs[0]`). */
export function egressPolicyProblems(o: RunnerEgressPolicyOptions): { readonly path: (string | number)[]; readonly message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  (o.deniedCidrs ?? []).forEach((cidr, i) => {
    const why = ipv4CidrProblem(cidr);
    if (why) out.push({ path: ['deniedCidrs', i], message: why });
  });
  if (o.apiServer) {
    const why = ipv4CidrProblem(o.apiServer.cidr);
    if (why) out.push({ path: ['apiServer', 'cidr'], message: why });
    const port = o.apiServer.port;
    if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      out.push({ path: ['apiServer', 'port'], message: `${port} is not a port (a whole number from 1 to 65535; default ${EGRESS_POLICY.defaultApiServerPort})` });
    }
  }
  return out;
}
