/**
 * An output folder that a run replaces as a whole or not at all, and that is never absent.
 *
 * The folder itself is never renamed or removed (it may be a mount point, a symlink's target, or
 * watched by another tool); its files are. A run:
 * 1. takes the folder's lock (`OUTPUT.lock`, created exclusively; a lock whose process is gone is
 *    taken over), so concurrent runs into one folder end one after the other or with
 *    "another run is writing OUT";
 * 2. refuses a folder holding anything gha-rs did not write: the names it wrote are listed in
 *    `OUTPUT.ownedList`, so a hand-written `x.k8s.yaml` is as foreign as any other file;
 * 3. removes staging folders that a killed run left, then writes every new file into a staging
 *    folder of its own inside the output folder (same file system; a `.gitignore` there keeps
 *    it out of git);
 * 4. commits: lists old and new names, renames each new file over its old version (an atomic
 *    rename per file: a reader sees a whole old file or a whole new one), removes the files the
 *    new output no longer has, lists the new names only, removes the staging folder and the lock.
 *
 * A file of ours that already holds exactly the new bytes, with the mode, owner and group a new
 * file would get, is left in place rather than staged and renamed (creating and renaming a file
 * costs about 0.7 ms on the 2-core machine, reading one 0.01 ms): a run whose output did not change
 * writes nothing but the list.
 *
 * Any failure before the commit, or SIGINT/SIGTERM while files are staged, removes the staging
 * folder and the lock and leaves the previous output exactly as it was. A run killed outright
 * (SIGKILL) leaves its staging folder and lock; the next run removes both.
 */
import { closeSync, constants, fstatSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, Stats, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { OUTPUT } from '../constants';
import { UserError, environmentProblem } from '../errors';

/** One output file. */
export interface OutputFile {
  readonly name: string;
  readonly content: string;
  /**
   * The Secrets of this file that hold GitHub credentials in plain text (`namespace/name`):
   * whoever writes the file where it may be committed warns about them (see `./plain-credentials.ts`).
   */
  readonly plainCredentials?: readonly string[];
  /** Places (`Kind namespace/name at path`) of other objects of this file with a credential in a field. */
  readonly plainCredentialFields?: readonly string[];
}

/** Does this file hold credentials in plain text (a Secret, or a token put in another field)? */
export const holdsPlainCredentials = (f: OutputFile): boolean => Boolean(f.plainCredentials?.length || f.plainCredentialFields?.length);

/** The mode of a file holding credentials in plain text: its owner may read and write it, nobody else. */
const OWNER_ONLY = 0o600;

const TAKEOVER = `${OUTPUT.lock}.takeover`;
/** Entries of the output folder that belong to gha-rs' own bookkeeping. */
const isBookkeeping = (name: string) => name === OUTPUT.ownedList || name === OUTPUT.lock || name.startsWith(`${OUTPUT.lock}.`) || name.startsWith(OUTPUT.stagingPrefix);

/** The folders a run has open, aborted on SIGINT / SIGTERM. */
const open = new Set<OutputFolder>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const EXIT_STATUS: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function onSignal(signal: NodeJS.Signals): void {
  for (const f of [...open]) f.abort();
  process.stderr.write(`error: interrupted (${signal}); the output was left as it was\n`);
  process.exit(EXIT_STATUS[signal]);
}

function track(f: OutputFolder): void {
  if (!open.size) for (const s of SIGNALS) process.on(s, onSignal);
  open.add(f);
}

function untrack(f: OutputFolder): void {
  if (!open.delete(f) || open.size) return;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/** Runs `fn`, turning a file-system error into one line about `what` (and the path inside `folder` it concerns). */
function fs<T>(what: string, folder: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const problem = environmentProblem(e);
    if (!problem) throw e;
    const path = (e as NodeJS.ErrnoException).path;
    throw new UserError(`${what}: ${path && resolve(path) !== folder ? `${path}: ` : ''}${problem}`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock's holder, when its file says it is a process of this host that is gone. */
function staleHolder(text: string): boolean {
  const [pid, host] = text.trim().split(' ');
  return host === hostname() && /^\d+$/.test(pid) && Number(pid) !== process.pid && !isAlive(Number(pid));
}

/** The file a run killed while taking the lock left (`createLock` writes it before linking it into place). */
function isDeadRunsLockFile(name: string): boolean {
  // only the lock's own files: the host's name is asked once per lock file, not once per output file
  return name.startsWith(`${OUTPUT.lock}.`) && staleHolder(`${name.slice(OUTPUT.lock.length + 1)} ${hostname()}`);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/**
 * Creates `path` exclusively, holding this process' id from the first moment it exists (written to a
 * file of its own first, then hard-linked into place, so no other run ever reads it empty); false
 * when it exists.
 */
function createLock(path: string): boolean {
  const tmp = `${path}.${process.pid}`;
  try {
    writeFileSync(tmp, `${process.pid} ${hostname()}\n`);
  } catch (e) {
    // named as the lock the user would see, not this run's own file
    (e as NodeJS.ErrnoException).path = path;
    throw e;
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') return createLockWithoutLinks(path);
    throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // removed by the lock's holder as a leftover: nothing to do
    }
  }
}

/** For file systems without hard links: the lock is created, then written (a reader may see it empty). */
function createLockWithoutLinks(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${process.pid} ${hostname()}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** An output folder being replaced: open it, write files, then commit or abort. */
export class OutputFolder {
  /**
   * Locks `dir` (created when missing) for this run, checks that it holds only what gha-rs wrote,
   * and starts a staging folder in it.
   * @param dir the folder as the user named it (used in messages); a symlink to a folder is followed and kept
   * @param label what the folder is, for messages (e.g. `output folder`)
   * @throws UserError when the folder cannot be used, naming it and what to do
   */
  public static open(dir: string, label = 'output folder'): OutputFolder {
    return new OutputFolder(dir, label);
  }

  /** The folder's real path (a symlink resolved). */
  public readonly path: string;
  private readonly staging: string;
  private readonly owned: ReadonlySet<string>;
  private readonly written = new Set<string>();
  /** Names whose file in the folder already holds what this run writes: kept, not renamed over. */
  private readonly kept = new Set<string>();
  /** A file as this run creates it (the staging folder's `.gitignore`): its mode, owner and group. */
  private readonly fresh: Stats;
  /** The first folder this run created on the way to `path`, removed again on abort. */
  private readonly created?: string;
  private done = false;
  /** The text of the lock file of the run that holds the folder, when it was busy. */
  private holder = '';

  private constructor(private readonly dir: string, private readonly label: string) {
    const where = `${label} ${dir}`;
    const target = resolve(dir);
    this.created = fs(where, target, () => prepare(dir, target, where));
    this.path = fs(where, target, () => realpathSync(target));
    let locked = false;
    try {
      locked = fs(where, this.path, () => this.lock());
      if (!locked) throw new UserError(this.busyMessage());
      this.owned = fs(where, this.path, () => this.checkOwned());
      this.staging = fs(where, this.path, () => {
        for (const e of readdirSync(this.path)) {
          if (e.startsWith(OUTPUT.stagingPrefix) || isDeadRunsLockFile(e)) rmSync(join(this.path, e), { recursive: true, force: true });
        }
        const s = mkdtempSync(join(this.path, OUTPUT.stagingPrefix));
        writeFileSync(join(s, '.gitignore'), '*\n');
        return s;
      });
      this.fresh = fs(where, this.path, () => statSync(join(this.staging, '.gitignore')));
    } catch (e) {
      if (locked) this.release();
      this.removeCreated();
      throw e;
    }
    track(this);
  }

  /**
   * Stages one file; nothing in the output folder changes before `commit`.
   * @param ownerOnly the file holds credentials in plain text: readable by its owner only (0600)
   */
  public write(name: string, content: string, ownerOnly = false): void {
    if (this.done) throw new Error(`${this.dir}: write after commit or abort`);
    if (name.includes('/') || name.startsWith('.') || this.written.has(name)) throw new Error(`${this.dir}: bad or repeated output file name ${JSON.stringify(name)}`);
    if (this.owned.has(name) && this.holdsAlready(name, content, ownerOnly)) this.kept.add(name);
    else fs(`${this.label} ${this.dir}`, this.path, () => writeFileSync(join(this.staging, name), content, ownerOnly ? { mode: OWNER_ONLY } : undefined));
    this.written.add(name);
  }

  /**
   * Does the folder's file `name` hold `content` already, as a regular file of one link with the mode,
   * owner and group that writing it anew would give? Anything unreadable or different is written anew.
   */
  private holdsAlready(name: string, content: string, ownerOnly: boolean): boolean {
    let fd: number;
    try {
      // not following a symlink, and not waiting on a FIFO put there since the folder was checked
      fd = openSync(join(this.path, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch {
      return false;
    }
    try {
      const st = fstatSync(fd);
      const mode = ownerOnly ? OWNER_ONLY & this.fresh.mode : this.fresh.mode;
      if (!st.isFile() || st.nlink !== 1 || (st.mode & 0o7777) !== (mode & 0o7777) || st.uid !== this.fresh.uid || st.gid !== this.fresh.gid) return false;
      if (st.size !== Buffer.byteLength(content)) return false;
      return readFileSync(fd, 'utf8') === content;
    } catch {
      return false;
    } finally {
      closeSync(fd);
    }
  }

  /** The names staged so far. */
  public get files(): readonly string[] {
    return [...this.written];
  }

  /** Replaces the folder's previous files by the staged ones. */
  public commit(): void {
    if (this.done) throw new Error(`${this.dir}: commit after commit or abort`);
    const where = `${this.label} ${this.dir}`;
    try {
      fs(where, this.path, () => {
        // Listed first as old and new together: whenever the run stops, the list covers every file of ours.
        this.writeList([...new Set([...this.owned, ...this.written])]);
        for (const name of this.written) if (!this.kept.has(name)) renameSync(join(this.staging, name), join(this.path, name));
        for (const name of this.owned) {
          if (this.written.has(name)) continue;
          try {
            unlinkSync(join(this.path, name));
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          }
        }
        this.writeList([...this.written]);
      });
    } finally {
      this.finish();
    }
  }

  /** Leaves the folder as it was: the staging folder and the lock go. */
  public abort(): void {
    if (this.done) return;
    this.finish();
    this.removeCreated();
  }

  private finish(): void {
    this.done = true;
    untrack(this);
    try {
      rmSync(this.staging, { recursive: true, force: true });
    } finally {
      this.release();
    }
  }

  private writeList(names: readonly string[]): void {
    const tmp = join(this.staging, OUTPUT.ownedList);
    writeFileSync(tmp, `# Files gha-rs wrote here; it replaces and removes only these. Do not edit.\n${[...names].sort().map((n) => `${n}\n`).join('')}`);
    renameSync(tmp, join(this.path, OUTPUT.ownedList));
  }

  /** Takes the lock; false when a live run holds it (its lock file's text kept for the message). */
  private lock(): boolean {
    const lock = join(this.path, OUTPUT.lock);
    // A lock seen gone (released between our attempt and our read) is tried again, a few times.
    for (let attempt = 0; attempt < 5; attempt++) {
      if (createLock(lock)) return true;
      const seen = readOrEmpty(lock);
      if (seen === '') continue;
      this.holder = seen;
      if (!staleHolder(seen)) return false;
      // Taking over a dead run's lock: only one run at a time may remove it, under a second lock.
      const takeover = join(this.path, TAKEOVER);
      if (!createLock(takeover)) {
        if (staleHolder(readOrEmpty(takeover))) unlinkSync(takeover);
        return false;
      }
      try {
        if (readOrEmpty(lock) === seen) unlinkSync(lock);
        return createLock(lock);
      } finally {
        unlinkSync(takeover);
      }
    }
    return false;
  }

  private release(): void {
    try {
      unlinkSync(join(this.path, OUTPUT.lock));
    } catch {
      // already gone: nothing to release
    }
  }

  private busyMessage(): string {
    const holder = this.holder.trim().split(' ');
    const who = /^\d+$/.test(holder[0] ?? '') ? ` (process ${holder[0]}${holder[1] && holder[1] !== hostname() ? ` on ${holder[1]}` : ''})` : '';
    return `another run is writing ${this.dir}${who}; run again when it has finished `
      + `(if no run is, remove ${join(this.dir, OUTPUT.lock)})`;
  }

  /** The names gha-rs listed as its own; refuses a folder holding anything else. */
  private checkOwned(): Set<string> {
    const listed = readOrEmpty(join(this.path, OUTPUT.ownedList)).split('\n').filter((l) => l && !l.startsWith('#'));
    const owned = new Set(listed.filter((n) => !n.includes('/') && !n.startsWith('.')));
    const foreign = readdirSync(this.path, { withFileTypes: true })
      .filter((e) => !isBookkeeping(e.name) && !(owned.has(e.name) && e.isFile()))
      .map((e) => e.name)
      .sort();
    if (foreign.length) {
      throw new UserError(`${this.label} ${this.dir} holds files gha-rs did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? `, and ${foreign.length - 3} more` : ''}); `
        + `gha-rs replaces the folder as a whole and keeps the names of the files it wrote in ${OUTPUT.ownedList}, `
        + 'so choose an empty folder or one only gha-rs writes (move those files away to let it take this one over)');
    }
    return owned;
  }

  /** Removes the folders this run created for nothing (only when empty). */
  private removeCreated(): void {
    if (!this.created) return;
    for (let d = resolve(this.dir); ; d = dirname(d)) {
      try {
        rmdirSync(d);
      } catch {
        return;
      }
      if (d === this.created) return;
    }
  }
}

/**
 * Makes sure `target` is a folder (following a symlink); creates it when missing.
 * @returns the first folder created, if any
 */
function prepare(dir: string, target: string, where: string): string | undefined {
  let st;
  try {
    st = lstatSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
    return makeFolder(where, target);
  }
  if (st.isSymbolicLink()) {
    try {
      st = statSync(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`${dir} is a symbolic link to a missing folder; create the folder it points to, or remove the link`);
      throw e;
    }
  }
  if (!st.isDirectory()) throw new UserError(`${dir} exists and is not a folder; remove it or choose another output folder`);
  return undefined;
}

/**
 * Creates `target` and the folders missing on the way, one at a time from the nearest existing
 * one. Not `mkdirSync(…, {recursive: true})`: under /proc it loops forever at full CPU (the kernel
 * says ENOENT for the parent that exists). A part of the path that is not a folder, or a folder
 * that can hold none of ours, is one line naming it.
 * @returns the first folder created
 */
function makeFolder(where: string, target: string): string | undefined {
  const missing: string[] = [];
  for (let p = target; ; p = dirname(p)) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(p) === p) throw e;
      missing.unshift(p);
      continue;
    }
    if (!st.isDirectory()) throw new UserError(`${where} cannot be created: ${p} is not a folder; choose another location`);
    break;
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statSync(m).isDirectory()) continue; // made by someone else meanwhile
      if (code === 'ENOENT') throw new UserError(`${where} cannot be created: ${dirname(m)} cannot hold folders (a virtual file system such as /proc or /sys?); choose another location`);
      throw e;
    }
  }
  return missing[0];
}

/** Ends a synchronous stretch every so often, so that SIGINT and SIGTERM are handled while files are staged. */
export function breather(everyMs = 20): () => Promise<void> | undefined {
  let last = Date.now();
  return () => {
    const now = Date.now();
    if (now - last < everyMs) return undefined;
    last = now;
    return new Promise<void>((r) => setImmediate(r));
  };
}

/**
 * Replaces `dir` with `files` (an iterable, so that each file can be made as it is written):
 * everything or nothing; SIGINT / SIGTERM while staging leave the folder as it was.
 */
export async function replaceOutputDir(dir: string, files: Iterable<OutputFile>, label?: string): Promise<number> {
  const out = OutputFolder.open(dir, label);
  const breathe = breather();
  try {
    for (const f of files) {
      out.write(f.name, f.content, holdsPlainCredentials(f));
      await breathe();
    }
  } catch (e) {
    out.abort();
    throw e;
  }
  out.commit();
  return out.files.length;
}
