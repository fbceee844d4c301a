/** A problem with what the user asked for: the CLI prints "minios: <message>" and exits 2, no stack trace. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
