/**
 * A small W3C WebDriver client over `fetch`, for WebKitGTK's `WebKitWebDriver`.
 *
 * Why not the `webdriver` package: 10.x needs Node 22, and 9.x brings driver downloaders
 * (@puppeteer/browsers, geckodriver, edgedriver, safaridriver) for the dozen endpoints used here.
 * The W3C protocol is plain JSON over HTTP, so this file is the whole client; every call has a
 * deadline, so a wedged browser fails a test instead of hanging the lane.
 */

/** The key under which W3C WebDriver returns and accepts element references. */
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export type ElementRef = { [ELEMENT]: string };

/** A WebDriver error response (`error` is the W3C code, e.g. `no such element`). */
export class WebDriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'WebDriverError';
  }
}

const CALL_TIMEOUT = 90_000;

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(CALL_TIMEOUT),
  });
  const text = await res.text();
  let json: { value?: unknown } = {};
  try {
    json = text ? (JSON.parse(text) as { value?: unknown }) : {};
  } catch {
    throw new WebDriverError(
      'invalid response',
      `${method} ${url}: HTTP ${res.status} ${text.slice(0, 200)}`,
    );
  }
  const value = json.value as { error?: string; message?: string } | undefined;
  if (!res.ok || (value && typeof value === 'object' && typeof value.error === 'string')) {
    throw new WebDriverError(value?.error ?? `http ${res.status}`, value?.message ?? text.slice(0, 200));
  }
  return json.value as T;
}

/** Waits until the driver at `url` says it is ready for a new session. */
export async function waitForDriver(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const status = await call<{ ready?: boolean }>('GET', `${url}/status`);
      if (status?.ready !== false) return;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WebDriver at ${url} did not become ready: ${String(last)}`);
}

/** Script argument: JSON values and element references. */
export type ScriptArg =
  | string
  | number
  | boolean
  | null
  | ElementRef
  | ScriptArg[]
  | { [k: string]: ScriptArg };

/** One browser session. Scripts are functions, sent as source and called with `args`. */
export class WebDriverSession {
  private constructor(
    readonly url: string,
    readonly id: string,
    readonly capabilities: Record<string, unknown>,
  ) {}

  /** Creates a session with the given W3C `alwaysMatch` capabilities. */
  static async create(driverUrl: string, alwaysMatch: Record<string, unknown>): Promise<WebDriverSession> {
    const value = await call<{ sessionId: string; capabilities: Record<string, unknown> }>(
      'POST',
      `${driverUrl}/session`,
      { capabilities: { alwaysMatch } },
    );
    const session = new WebDriverSession(
      `${driverUrl}/session/${value.sessionId}`,
      value.sessionId,
      value.capabilities,
    );
    await session.post('/timeouts', { script: 60_000, pageLoad: 60_000, implicit: 0 });
    return session;
  }

  private post<T>(path: string, body: unknown = {}): Promise<T> {
    return call<T>('POST', this.url + path, body);
  }

  private get<T>(path: string): Promise<T> {
    return call<T>('GET', this.url + path);
  }

  navigate(url: string): Promise<void> {
    return this.post('/url', { url });
  }

  refresh(): Promise<void> {
    return this.post('/refresh');
  }

  currentUrl(): Promise<string> {
    return this.get('/url');
  }

  /**
   * Runs `fn` in the page and returns its (awaited) result. `fn` must be self-contained: it is sent
   * as source text, so it cannot close over test variables; pass them in `args`.
   */
  execute<T, A extends ScriptArg[]>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<Awaited<T>> {
    // W3C Execute Script awaits a returned promise.
    return this.post('/execute/sync', { script: `return (${fn.toString()}).apply(null, arguments);`, args });
  }

  async findCss(selector: string): Promise<ElementRef | null> {
    try {
      return await this.post<ElementRef>('/element', { using: 'css selector', value: selector });
    } catch (err) {
      if (err instanceof WebDriverError && err.code === 'no such element') return null;
      throw err;
    }
  }

  click(el: ElementRef): Promise<void> {
    return this.post(`/element/${el[ELEMENT]}/click`);
  }

  sendKeys(el: ElementRef, text: string): Promise<void> {
    return this.post(`/element/${el[ELEMENT]}/value`, { text });
  }

  clear(el: ElementRef): Promise<void> {
    return this.post(`/element/${el[ELEMENT]}/clear`);
  }

  setWindowRect(rect: { width: number; height: number }): Promise<{ width: number; height: number }> {
    return this.post('/window/rect', rect);
  }

  windowRect(): Promise<{ width: number; height: number }> {
    return this.get('/window/rect');
  }

  /** A PNG of the viewport. */
  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.get<string>('/screenshot'), 'base64');
  }

  async close(): Promise<void> {
    await call('DELETE', this.url).catch(() => undefined);
  }
}
