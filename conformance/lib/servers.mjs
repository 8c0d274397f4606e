// etcd and kube-apiserver on 127.0.0.1, for the conformance suite: random free ports, a temporary
// data folder, a service-account signing key and a bearer token made here, RBAC and the default
// admission plugins (Pod Security among them). Only the processes started here are stopped.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The service range handed to kube-apiserver; nothing is routed, it only has to be valid. */
const SERVICE_CIDR = '10.96.0.0/16';

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET a URL on loopback; resolves {status, body} or rejects on a connection error. */
function get(url, { token, ca } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? request : httpRequest;
    const req = mod(u, { method: 'GET', timeout: 5000, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(ca ? { ca } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts etcd, then kube-apiserver, and waits until the API server's /readyz says ok.
 * @param {{bin: string, dir: string, timeoutMs?: number, log?: (s: string) => void}} o
 * @returns {Promise<{kubeconfig: string, server: string, token: string, pids: number[], stop: () => Promise<void>, logs: {etcd: string, apiserver: string}}>}
 */
export async function startControlPlane({ bin, dir, timeoutMs = 300_000, log = () => {} }) {
  mkdirSync(dir, { recursive: true });
  const children = [];
  const logs = { etcd: join(dir, 'etcd.log'), apiserver: join(dir, 'kube-apiserver.log') };
  let stopping = false;

  const launch = (name, file, args, logFile) => {
    const out = createWriteStream(logFile);
    const child = spawn(join(bin, file), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.exited.then(({ code, signal }) => { if (!stopping) log(`${name} (pid ${child.pid}) ended early: ${signal ?? `exit ${code}`}, see ${logFile}`); });
    children.push({ name, child });
    return child;
  };

  const stop = async () => {
    stopping = true;
    // the API server first, then its storage; each by the PID we started
    for (const { child } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      const done = await Promise.race([child.exited, sleep(15_000).then(() => null)]);
      if (!done) { child.kill('SIGKILL'); await child.exited; }
    }
  };
  // whatever happens to this process, the servers it started go with it
  const onExit = () => { for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  process.on('exit', onExit);

  try {
    const etcdPort = await freePort();
    const peerPort = await freePort();
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = launch('etcd', 'etcd', [
      '--name=conformance', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=conformance=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync', '--log-level=warn',
    ], logs.etcd);
    await waitFor('etcd', async () => {
      const r = await get(`${etcdUrl}/health`);
      return r.status === 200 && /"health":"true"/.test(r.body);
    }, etcd, timeoutMs);
    log(`etcd ready on ${etcdUrl} (pid ${etcd.pid})`);

    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    const token = randomBytes(24).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${token},conformance-admin,conformance-admin,"system:masters"\n`, { mode: 0o600 });

    const port = await freePort();
    const server = `https://127.0.0.1:${port}`;
    const certDir = join(dir, 'certs');
    const apiserver = launch('kube-apiserver', 'kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${port}`,
      `--cert-dir=${certDir}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--allow-privileged=true',
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--api-audiences=https://kubernetes.default.svc.cluster.local',
      '--profiling=false', '--v=0',
    ], logs.apiserver);
    let ca;
    await waitFor('kube-apiserver', async () => {
      try { ca ??= readFileSync(join(certDir, 'apiserver.crt')); } catch { return false; }
      const r = await get(`${server}/readyz`, { token, ca });
      return r.status === 200 && r.body.trim() === 'ok';
    }, apiserver, timeoutMs);
    log(`kube-apiserver ready on ${server} (pid ${apiserver.pid})`);

    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config',
      'clusters: [{name: conformance, cluster: {server: "' + server + '", certificate-authority: "' + join(certDir, 'apiserver.crt') + '"}}]',
      'users: [{name: admin, user: {token: "' + token + '"}}]',
      'contexts: [{name: conformance, context: {cluster: conformance, user: admin}}]',
      'current-context: conformance', '',
    ].join('\n'), { mode: 0o600 });
    return { kubeconfig, server, token, pids: children.map((c) => c.child.pid), stop, logs };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Polls `ready` every half second until it holds, the process ends, or time runs out. */
async function waitFor(name, ready, child, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} ended before it was ready (${child.signalCode ?? `exit ${child.exitCode}`})`);
    try { if (await ready()) return; } catch (e) { last = e.message; }
    if (Date.now() > until) throw new Error(`${name} was not ready after ${Math.round(timeoutMs / 1000)} s${last ? ` (${last})` : ''}`);
    await sleep(500);
  }
}
