// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: no port,
// no WebSocket): load a page, run expressions in it, take a screenshot.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The first Chromium on PATH (Debian's /usr/bin/chromium in CI), if any. */
export const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);

export interface BrowserPage {
  /** The value of `expression` (awaited when it is a promise), as JSON. */
  evaluate<T>(expression: string): Promise<T>;
  /** Real mouse input (Input.dispatchMouseEvent), as a person's wheel and drag. */
  mouse(event: { type: 'mouseWheel' | 'mousePressed' | 'mouseMoved' | 'mouseReleased'; x: number; y: number; deltaY?: number; button?: 'left' | 'none'; buttons?: number }): Promise<void>;
  /** A PNG of the viewport. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Opens `url` in a `width` x `height` viewport; `profile` is a folder of the test's own. */
export async function openPage(url: string, profile: string, width = 1200, height = 800): Promise<BrowserPage> {
  const child: ChildProcess = spawn(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--no-first-run',
      '--hide-scrollbars',
      `--user-data-dir=${join(profile)}`,
      `--window-size=${width},${height}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let buffered = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let end: number;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
      buffered = buffered.slice(end + 1);
      const waiter = message.id !== undefined ? pending.get(message.id) : undefined;
      if (!waiter) continue;
      pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`chromium exited:\n${stderr.join('')}`));
    pending.clear();
  });
  let nextId = 1;
  const send = (method: string, params: object = {}, sessionId?: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const { targetInfos } = (await send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string }> };
  const target = targetInfos.find((t) => t.type === 'page')!;
  const { sessionId } = (await send('Target.attachToTarget', { targetId: target.targetId, flatten: true })) as { sessionId: string };
  await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
  await send('Page.navigate', { url }, sessionId);
  const evaluate = async <T>(expression: string): Promise<T> => {
    const reply = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId)) as {
      result: { value: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    };
    if (reply.exceptionDetails) throw new Error(`in the page: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
    return reply.result.value;
  };
  for (let i = 0; (await evaluate<string>('document.readyState')) !== 'complete' || (await evaluate<string>('location.href')) !== url; i++) {
    if (i > 200) throw new Error(`${url} did not load`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    evaluate,
    async mouse(event) {
      await send('Input.dispatchMouseEvent', { deltaX: 0, clickCount: event.type === 'mousePressed' || event.type === 'mouseReleased' ? 1 : 0, ...event }, sessionId);
    },
    async screenshot() {
      const { data } = (await send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string };
      return Buffer.from(data, 'base64');
    },
    async close() {
      await send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
