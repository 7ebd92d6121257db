import { spawnSync } from 'node:child_process';

/** One prompt of a terminal session: wait for `prompt` (a regular expression), then type `answer` and Enter. */
export interface PtyStep {
  readonly prompt: string;
  /** What to type before Enter; keys as their escape sequences (Up is "\u001b[A"). */
  readonly answer: string;
  /** What shows that the prompt took the answer (a regular expression); a refusal's text for an answer it must refuse. @default Inquirer's ✔ */
  readonly then?: string;
}

export interface PtyOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Wrapper (e.g. setpriv and its flags) put before the command inside the terminal (the driver stays this process's user). */
  readonly wrapper?: readonly string[];
}

/**
 * Drives a command through a real pseudo-terminal (Python's pty module), so the program sees a
 * terminal on stdin and stdout as a user's shell gives it. After each answer the driver waits for
 * Inquirer's ✔ (the answer was taken) before the next prompt; a prompt that never comes ends the
 * session with exit 97 and the transcript so far.
 */
const DRIVER = String.raw`
import json, os, pty, re, select, sys, time
steps = json.loads(sys.argv[1]); argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
ansi = re.compile(r'\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\r')
out = b''
seen = 0
def read(deadline):
    global out
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            out += chunk
            return True
    return True
def text():
    return ansi.sub('', out.decode('utf8', 'replace'))
def wait_for(pattern):
    global seen
    deadline = time.time() + 90
    while True:
        found = re.compile(pattern).search(text(), seen)
        if found:
            seen = found.end()
            return
        if time.time() > deadline or not read(deadline):
            sys.stdout.write(text())
            sys.stdout.write('\n[pty] no prompt matching %r\n' % pattern)
            os.kill(pid, 9)
            sys.exit(97)
for step in steps:
    wait_for(step['prompt'])
    time.sleep(0.1)
    os.write(fd, step['answer'].encode() + b'\r')
    wait_for(step.get('then', '\u2714'))
deadline = time.time() + 180
while time.time() < deadline and read(deadline):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(text())
sys.exit(os.waitstatus_to_exitcode(status))
`;

/** Whether Python 3 (and so the pty driver) is available. */
export const hasPython = (): boolean => spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

/** Runs `argv` in a pseudo-terminal, answering `steps` in order; the transcript without colours. */
export function ptySession(argv: readonly string[], steps: readonly PtyStep[], options: PtyOptions): { status: number | null; transcript: string } {
  const result = spawnSync('python3', ['-c', DRIVER, JSON.stringify(steps), ...(options.wrapper ?? []), ...argv], {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  return { status: result.status, transcript: result.stdout + result.stderr };
}
