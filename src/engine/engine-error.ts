/** The engine could not run a request at all (not a build problem, which is a finding). */
export class EngineError extends Error {
  constructor(
    /** engine-missing, engine-protocol, engine-exited, engine-failed. */
    readonly code: string,
    message: string,
    /** How to fix it. */
    readonly fix?: string,
  ) {
    super(fix ? `${message}; ${fix}` : message);
    this.name = 'EngineError';
  }
}
