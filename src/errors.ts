/** A failure to report to the user as one line, without a stack trace. */
export class UserError extends Error {
  public constructor(message: string, public readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}
