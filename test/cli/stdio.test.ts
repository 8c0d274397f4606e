/** src/cli/stdio.ts: blocking writes to descriptors 1 and 2, Node's stream when a descriptor refuses one. */
import * as fs from 'node:fs';

jest.mock('node:fs', () => ({ ...jest.requireActual('node:fs'), writeSync: jest.fn() }));
const writeSync = fs.writeSync as unknown as jest.Mock;

const { fdWriter } = require('../../src/cli/stdio') as typeof import('../../src/cli/stdio');

const errno = (code: string) => Object.assign(new Error(code), { code });

afterEach(() => {
  writeSync.mockReset();
  jest.restoreAllMocks();
});

test('writes the whole text, resuming after a partial write', () => {
  const seen: Buffer[] = [];
  writeSync.mockImplementation((_fd: number, b: Buffer) => {
    const n = Math.min(3, b.length);
    seen.push(Buffer.from(b.subarray(0, n)));
    return n;
  });
  fdWriter(1)('héllo wörld\n');
  expect(writeSync.mock.calls.every((c) => c[0] === 1)).toBe(true);
  expect(seen.length).toBeGreaterThan(4);
  expect(Buffer.concat(seen).toString()).toBe('héllo wörld\n');
});

test('a descriptor that refuses a write (EAGAIN: left non-blocking by another process) gets the rest, and every later text, through the stream, in order', () => {
  const streamed: string[] = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    streamed.push(Buffer.from(chunk).toString());
    return true;
  });
  writeSync.mockImplementationOnce(() => 4).mockImplementationOnce(() => {
    throw errno('EAGAIN');
  });
  const write = fdWriter(2);
  write('warning: one\n');
  write('warning: two\n');
  expect(writeSync).toHaveBeenCalledTimes(2);
  expect(streamed).toEqual(['ing: one\n', 'warning: two\n']);
});

test('a closed stderr (EPIPE) drops the text; other errors are thrown', () => {
  writeSync.mockImplementation(() => {
    throw errno('EPIPE');
  });
  expect(() => fdWriter(2)('x\n')).not.toThrow();
  writeSync.mockImplementation(() => {
    throw errno('EIO');
  });
  expect(() => fdWriter(2)('x\n')).toThrow('EIO');
});
