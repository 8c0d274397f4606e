/** Where a command writes: standard output (results) and standard error (problems, warnings). */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}
