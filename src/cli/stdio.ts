/**
 * Standard output and error, written with blocking writes to descriptors 1 and 2 (`fs.writeSync`).
 * `process.stdout` and `process.stderr` load Node's net and stream modules for a pipe or a
 * terminal: about a fifth of a bare `node -e 0` on Node 24 (bench/README.md), for a few lines.
 *
 * A descriptor that another process left non-blocking may refuse a write (EAGAIN): from then on
 * that descriptor's text goes through Node's stream, which waits for the reader, so the order is
 * kept. A reader that stops early (`gha-rs synth -o - | head -1`) ends the run quietly, as cat
 * does; a closed stderr drops the text. On Windows, Node's streams are used throughout.
 */
import { writeSync } from 'node:fs';

function stream(fd: 1 | 2): NodeJS.WriteStream {
  const s = fd === 1 ? process.stdout : process.stderr;
  s.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (fd === 1) process.exit(0);
  });
  return s;
}

/** A writer of text to descriptor `fd` (1 or 2). */
export function fdWriter(fd: 1 | 2): (text: string) => void {
  let viaStream: NodeJS.WriteStream | undefined = process.platform === 'win32' ? stream(fd) : undefined;
  return (text) => {
    if (viaStream) {
      viaStream.write(text);
      return;
    }
    let rest = Buffer.from(text);
    while (rest.length) {
      try {
        rest = rest.subarray(writeSync(fd, rest));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          viaStream = stream(fd);
          viaStream.write(rest);
          return;
        }
        if (code !== 'EPIPE') throw e;
        if (fd === 1) process.exit(0);
        return;
      }
    }
  };
}
