import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { parse } from 'node:path';
import { createInterface } from 'node:readline';
import { resolveEngineBinary } from './engine-binary.js';
import { EngineError } from './engine-error.js';
import { type EngineOutcome, type EngineProblem, type KustomizeBuildRequest, type KustomizeBuildResult, PROTOCOL_VERSION } from './protocol.js';

export interface EngineOptions {
  /** The engine binary. @default resolveEngineBinary() */
  readonly binary?: string;
}

interface Pending {
  readonly resolve: (outcome: EngineOutcome<unknown>) => void;
  readonly reject: (error: Error) => void;
}

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly hello: Promise<void>;
}

/** Every live engine, killed if the process exits without closing it. */
const live = new Set<ChildProcessWithoutNullStreams>();
let exitHook = false;

/**
 * The Go engine (engine/): one long-lived process per run, started on the first request, JSON
 * lines over stdio. It runs with an empty environment (no secret of ours reaches it) in the
 * filesystem root (outside any repository); close() it at the end of the run.
 */
export class Engine {
  private running?: Running;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderr = '';
  private readonly binary?: string;

  constructor(options: EngineOptions = {}) {
    this.binary = options.binary;
  }

  /**
   * Starts the process now rather than at the first request, so that its start-up overlaps the
   * caller's work until then. A failure to start is left to the first request to report.
   */
  warmUp(): void {
    try {
      this.start();
    } catch {
      // No binary: the first request throws the EngineError that says how to get one.
    }
  }

  /** Builds one Flux Kustomization with Flux's own libraries. */
  build(request: KustomizeBuildRequest): Promise<EngineOutcome<KustomizeBuildResult>> {
    return this.request('kustomize.build', request) as Promise<EngineOutcome<KustomizeBuildResult>>;
  }

  /** Sends one request; a problem the engine reports is an outcome, a dead engine an EngineError. */
  async request(op: string, params: unknown): Promise<EngineOutcome<unknown>> {
    const running = this.start();
    await running.hello;
    const id = this.nextId++;
    const outcome = new Promise<EngineOutcome<unknown>>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.hold(true);
    running.child.stdin.write(`${JSON.stringify({ id, op, params })}\n`);
    return outcome;
  }

  /** Ends the engine; requests still waiting fail. Safe to call twice. */
  async close(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    const exited = new Promise<void>((resolve) => {
      if (running.child.exitCode !== null || running.child.signalCode !== null) resolve();
      else running.child.once('exit', () => resolve());
    });
    running.child.stdin.end();
    const timer = setTimeout(() => running.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
    live.delete(running.child);
  }

  private start(): Running {
    if (this.running) return this.running;
    const binary = this.binary ?? resolveEngineBinary();
    const child = spawn(binary, [], { env: {}, cwd: parse(process.cwd()).root, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    live.add(child);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const c of live) c.kill('SIGKILL');
      });
    }
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    let greet: { resolve: () => void; reject: (e: Error) => void } | undefined;
    const hello = new Promise<void>((resolve, reject) => (greet = { resolve, reject }));
    // A failed start is reported to the request that waits for the hello, not as unhandled.
    hello.catch(() => undefined);
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (greet) {
        const g = greet;
        greet = undefined;
        const version = readHello(line);
        if (version === PROTOCOL_VERSION) g.resolve();
        else
          g.reject(
            new EngineError('engine-protocol', `${binary} speaks protocol ${String(version)}, this platform-gitops speaks ${PROTOCOL_VERSION}`, 'install the engine package of the same release'),
          );
        return;
      }
      this.answer(line);
    });
    const fail = (error: Error) => {
      greet?.reject(error);
      greet = undefined;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      if (this.running?.child === child) this.running = undefined;
      live.delete(child);
    };
    child.on('error', (error) => fail(new EngineError('engine-failed', `${binary} did not start: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (this.pending.size > 0 || greet) fail(new EngineError('engine-exited', `the engine exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
      else fail(new EngineError('engine-exited', 'the engine was closed'));
    });
    this.running = { child, hello };
    return this.running;
  }

  private answer(line: string): void {
    let message: { id?: unknown; result?: unknown; error?: EngineProblem };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    const pending = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!pending || typeof message.id !== 'number') return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.hold(false);
    if (message.error) pending.resolve({ ok: false, problem: message.error });
    else pending.resolve({ ok: true, result: message.result });
  }

  /** The engine keeps node alive only while a request waits for it. */
  private hold(busy: boolean): void {
    const child = this.running?.child;
    if (!child) return;
    for (const handle of [child, child.stdout, child.stderr, child.stdin] as Array<{ ref(): unknown; unref(): unknown }>) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }
}

function readHello(line: string): unknown {
  try {
    const hello = JSON.parse(line) as { protocol?: unknown };
    return hello.protocol;
  } catch {
    return undefined;
  }
}
