import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './package-paths.js';
import { tempDir } from './tree.js';

let built: string | undefined;

/**
 * The engine binary, built from engine/ once per test process into a folder of its own (the Go
 * build cache makes a rebuild a link step). Until src/engine/ (the client) lands, tests speak the
 * protocol themselves (EngineSession).
 */
function engineBinary(): string {
  if (built) return built;
  const dir = tempDir('gp-engine-');
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const binary = join(dir, 'platform-gitops-engine');
  execFileSync('go', ['build', '-o', binary, './cmd/platform-gitops-engine'], { cwd: join(ROOT, 'engine'), stdio: ['ignore', 'ignore', 'inherit'] });
  return (built = binary);
}

/** An error line of the protocol: a finding code and its message. */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** One engine process, spoken to in JSON lines (engine/internal/protocol, version 1). */
export class EngineSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly hello: Promise<{ protocol: number; modules: Record<string, string> }>;

  constructor() {
    this.child = spawn(engineBinary(), [], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = createInterface({ input: this.child.stdout });
    let greeted: (hello: { protocol: number; modules: Record<string, string> }) => void;
    this.hello = new Promise((resolve) => (greeted = resolve));
    let first = true;
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { id?: number; result?: unknown; error?: { code: string; message: string }; protocol?: number; modules?: Record<string, string> };
      if (first) {
        first = false;
        greeted(message as { protocol: number; modules: Record<string, string> });
        return;
      }
      const waiting = this.pending.get(message.id!);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new EngineError(message.error.code, message.error.message));
      else waiting.resolve(message.result);
    });
  }

  request<T>(op: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.stdin.write(`${JSON.stringify({ id, op, params })}\n`);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}
