/** A failure to report to the user as one line, without a stack trace. */
export class UserError extends Error {
  public constructor(message: string, public readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/** What the environment did, and what the user can do about it, per file-system error code. */
const FS_PROBLEMS: Record<string, string> = {
  ENOENT: 'does not exist; check the path',
  EACCES: 'permission denied; check the permissions of the path and its folders',
  EPERM: 'operation not permitted; check the permissions and attributes of the path',
  EROFS: 'is on a read-only file system; choose a writable location',
  ENOSPC: 'no space left on the device; free some space and run again',
  EDQUOT: 'disk quota exceeded; free some space and run again',
  ELOOP: 'too many levels of symbolic links (a link that points to itself or a loop of links); fix the links',
  EBUSY: 'is busy (a mount point, or in use by another process); choose another path',
  EISDIR: 'is a folder where a file is expected; give a file',
  ENOTDIR: 'a part of the path is a file where a folder is expected; fix the path',
  EEXIST: 'already exists where gha-rs must create it; remove it or choose another path',
  ENOTEMPTY: 'is a folder that is not empty where gha-rs must replace it; remove it or choose another path',
  ENAMETOOLONG: 'the path is too long; choose a shorter path',
  EMFILE: 'too many open files; raise the limit (ulimit -n) and run again',
  ENFILE: 'too many open files on the system; close some and run again',
  EXDEV: 'is on another file system than expected; choose a path on one file system',
  EIO: 'input/output error from the device; check the disk',
  ENXIO: 'no such device; give a regular file',
  EAGAIN: 'is not ready to be read (a pipe or device?); give a regular file',
  ETXTBSY: 'is in use; try again',
};

/** What an error of the file system or the operating system means and what to do; undefined for anything else. */
export function environmentProblem(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(FS_PROBLEMS, code) ? `${FS_PROBLEMS[code]} (${code})` : undefined;
}

/**
 * An error of the file system or the operating system, as one line that names the path and says
 * what to do; undefined for anything else (a bug, reported as an internal failure).
 * @param path the path to name instead of the one the error carries
 */
export function environmentError(e: unknown, path?: string): UserError | undefined {
  const problem = environmentProblem(e);
  if (!problem) return undefined;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const where = path ?? err.path;
  const subject = where ? `${where}${err.dest && err.dest !== where ? ` (to ${err.dest})` : ''}` : err.syscall ?? 'the file system';
  return new UserError(`${subject}: ${problem}`);
}

/** Runs `fn`; an error of the environment becomes a UserError naming `path`. */
export function onPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw environmentError(e, path) ?? e;
  }
}
