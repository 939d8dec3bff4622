/** Exit codes, as documented in the README. */
export const ExitCode = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  auth: 3,
  aborted: 4,
  interrupted: 130,
  /** SIGHUP: 128 + 1, as shells report a process ended by it. */
  hangUp: 129,
  /** SIGTERM: 128 + 15. */
  terminated: 143,
} as const;

/** A fatal error for the user: one line, ending the program with its exit code (4 by default). */
export class FatalError extends Error {
  constructor(message: string, readonly exitCode: number = ExitCode.aborted) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, config file, template or permission: exit 2. */
export class ConfigError extends FatalError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** Slooh refused the credentials: exit 3. */
export class AuthError extends FatalError {
  constructor(message: string) {
    super(message, ExitCode.auth);
  }
}
