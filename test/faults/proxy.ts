import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { mulberry32 } from './seeded';

/**
 * A TCP proxy of our own in front of the real central service, on
 * 127.0.0.1, that breaks the link the ways a real one breaks. It reads the
 * HTTP/1.1 framing (Content-Length or chunked) in both directions, so a fault
 * hits one request even when several share a keep-alive connection: the
 * attachment check, a chunk's PUT, the batch or the feed.
 */
export type Fault =
  | { kind: 'pass' }
  /** The connection is reset at once: at accept when it is new, at the request when it is reused. */
  | { kind: 'refuse' }
  /** The request's first bytes (from the end when negative) reach the service, then both sides are reset: it never sees the whole request. */
  | { kind: 'resetRequest'; afterBytes: number }
  /** The service answered; the kiosk gets the answer's first bytes (all but the last ones when negative), then a reset. */
  | { kind: 'resetResponse'; afterBytes: number }
  /** The request waits before it goes on, whether or not the kiosk still waits for it (packets in flight). */
  | { kind: 'delay'; ms: number }
  /** Nothing goes on and nothing comes back; the connection stays open until the kiosk gives up. */
  | { kind: 'stall' }
  /** The service gets the request and answers; the answer is held until the kiosk gives up. */
  | { kind: 'stallResponse' }
  /** The proxy answers 500 itself, as a broken middlebox would. */
  | { kind: 'answer500' }
  /** Random bytes, then the connection closes. */
  | { kind: 'garbage'; seed: number }
  /** A hotel's captive portal: `200 OK`, an HTML login page. */
  | { kind: 'portalHtml' }
  /** A cleverer portal or cache: `200 OK`, `application/json`, a body that looks like the service's. */
  | { kind: 'portalJson' }
  /** A stale cache: a real answer the service gave earlier to the same route, replayed byte for byte. */
  | { kind: 'staleCache' }
  /** The service gets the whole request and answers (it committed); the kiosk gets a reset and not a byte of it. */
  | { kind: 'loseResponse' }
  /** A middlebox that sends the request twice, byte for byte, and hands back the second answer (the service's refusal of a replay). */
  | { kind: 'duplicate' }
  /** A captive portal that redirects (307, method and body kept) to its login page on another host. */
  | { kind: 'portalRedirect' };

export type FaultKind = Fault['kind'];

export interface ProxiedRequest {
  /** Counts every request the proxy read, from 0. */
  index: number;
  /** Counts connections the proxy accepted, from 0. */
  connection: number;
  method: string;
  /** The request target as sent: path and query. */
  target: string;
}

/** Decides what happens to each connection and each request; the proxy asks in the order they come. */
export interface FaultSchedule {
  /** A new connection: true resets it before it carries a byte. */
  refuseConnection(connection: number): boolean;
  faultFor(request: ProxiedRequest): Fault;
}

export interface FaultRecord {
  /** Milliseconds since the proxy started, for reading a report. */
  at: number;
  connection: number;
  /** null for a connection refused at accept. */
  request: ProxiedRequest | null;
  fault: FaultKind;
}

/** A request that reached the captive portal's own server after a redirect. */
export interface PortalVisit {
  method: string;
  target: string;
  /** Bytes of body it carried: an application or a file the portal should never have seen. */
  bodyBytes: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  /** What reached the portal's login server (another origin) after `portalRedirect`. */
  readonly portalVisits: PortalVisit[];
  /** What was done to each connection and request, in order: printed when a test fails. */
  readonly records: FaultRecord[];
  setSchedule(schedule: FaultSchedule): void;
  /** Called for every request once its fault is decided, before anything is forwarded. */
  onRequest(listener: (request: ProxiedRequest, fault: Fault) => void): void;
  /** Called once the service's answer to a request was handed to the kiosk whole. */
  onAnswered(listener: (request: ProxiedRequest) => void): void;
  close(): Promise<void>;
}

export const passEverything: FaultSchedule = {
  refuseConnection: () => false,
  faultFor: () => ({ kind: 'pass' }),
};

/* ---------- HTTP/1.1 framing ---------- */

interface Head {
  startLine: string;
  headers: Map<string, string>;
  /** Bytes of the head, the blank line included. */
  length: number;
}

interface Message {
  head: Head;
  /** The whole message as it travelled: head and body. */
  raw: Buffer;
}

const HEAD_END = Buffer.from('\r\n\r\n');

function parseHead(buffer: Buffer): Head | null {
  const end = buffer.indexOf(HEAD_END);
  if (end < 0) return null;
  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { startLine: lines[0] ?? '', headers, length: end + HEAD_END.length };
}

/** Where a chunked body that starts at `start` ends, or null while it is incomplete. */
function chunkedEnd(buffer: Buffer, start: number): number | null {
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(buffer.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size');
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers, then the blank line.
      for (;;) {
        const trailerEnd = buffer.indexOf('\r\n', at);
        if (trailerEnd < 0) return null;
        if (trailerEnd === at) return at + 2;
        at = trailerEnd + 2;
      }
    }
    if (buffer.length < at + size + 2) return null;
    at += size + 2;
  }
}

type BodyFraming = { type: 'length'; length: number } | { type: 'chunked' } | { type: 'untilClose' };

function requestFraming(head: Head): BodyFraming {
  if (/chunked/i.test(head.headers.get('transfer-encoding') ?? '')) return { type: 'chunked' };
  return { type: 'length', length: Number(head.headers.get('content-length') ?? '0') };
}

function responseFraming(head: Head, requestMethod: string): BodyFraming {
  const status = Number(head.startLine.split(' ')[1]);
  if (requestMethod === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return { type: 'length', length: 0 };
  if (/chunked/i.test(head.headers.get('transfer-encoding') ?? '')) return { type: 'chunked' };
  const length = head.headers.get('content-length');
  return length === undefined ? { type: 'untilClose' } : { type: 'length', length: Number(length) };
}

/** Reads whole HTTP messages off a socket, one at a time; bytes of the next one stay buffered. */
class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | null = null;
  readonly closed: Promise<void>;

  constructor(socket: Socket) {
    let markClosed = () => {};
    this.closed = new Promise((resolve) => (markClosed = resolve));
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.poke();
    });
    const end = () => {
      this.ended = true;
      markClosed();
      this.poke();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** The next whole message; null when the peer closed before one was complete. */
  async read(framingOf: (head: Head) => BodyFraming): Promise<Message | null> {
    for (;;) {
      const head = parseHead(this.buffer);
      if (head) {
        const framing = framingOf(head);
        let end: number | null = null;
        if (framing.type === 'length') end = this.buffer.length >= head.length + framing.length ? head.length + framing.length : null;
        else if (framing.type === 'chunked') end = chunkedEnd(this.buffer, head.length);
        else if (this.ended) end = this.buffer.length;
        if (end !== null) {
          const raw = Buffer.from(this.buffer.subarray(0, end));
          this.buffer = this.buffer.subarray(end);
          return { head, raw };
        }
      }
      if (this.ended) return null;
      await this.next();
    }
  }
}

/* ---------- answers the proxy makes up ---------- */

function httpAnswer(status: string, contentType: string, body: Buffer | string, extraHeaders: string[] = []): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const head = [`HTTP/1.1 ${status}`, `Content-Type: ${contentType}`, `Content-Length: ${bytes.length}`, ...extraHeaders, '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

const PORTAL_PAGE = `<!DOCTYPE html>
<html><head><title>Hotel Ala-Too · Wi-Fi</title></head>
<body><h1>Welcome to Hotel Ala-Too</h1>
<form method="post" action="/login"><label>Room number <input name="room"></label>
<label>Surname <input name="surname"></label><button>Connect</button></form>
<p>By connecting you accept the terms of use.</p></body></html>`;

function bodyOf(request: Message): Buffer {
  return request.raw.subarray(request.head.length);
}

/**
 * What a clever portal or cache might answer on each route: well-formed JSON
 * of the right shape that says everything went through. A kiosk that
 * believes it loses applications (a batch "accepted" that the service never
 * stored) or files (a check that says the service holds them all).
 */
export function plausibleJson(method: string, target: string, requestBody: Buffer): unknown {
  const url = new URL(target, 'http://central.invalid');
  if (method === 'POST' && url.pathname === '/v1/applications/batch') {
    let ids: string[] = [];
    try {
      const parsed = JSON.parse(requestBody.toString('utf8')) as { items?: Array<{ id?: unknown }> };
      ids = (parsed.items ?? []).map((item) => String(item.id));
    } catch {
      ids = [];
    }
    return { results: ids.map((id, i) => ({ id, outcome: 'accepted', registrationNumber: `2026-9${String(i).padStart(5, '0')}` })) };
  }
  if (method === 'POST' && url.pathname === '/v1/attachments/check') return { missing: [], received: {} };
  if (method === 'PUT' && url.pathname.startsWith('/v1/attachments/')) {
    const sha256 = url.pathname.split('/').pop() ?? '';
    const offset = Number(url.searchParams.get('offset') ?? '0');
    const received = offset + requestBody.length;
    return { sha256, size: received, received, complete: true };
  }
  if (method === 'GET' && url.pathname === '/v1/changes') return { changes: [], cursor: Number(url.searchParams.get('after') ?? '0') };
  if (url.pathname === '/v1/health') return { status: 'ok', serverTime: new Date().toISOString() };
  return { status: 'ok' };
}

function garbageBytes(seed: number): Buffer {
  const random = mulberry32(seed);
  const bytes = Buffer.alloc(64 + Math.floor(random() * 512));
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/* ---------- the proxy ---------- */

/** Long enough for bytes written to reach the peer's socket before the reset that follows them. */
const SETTLE_MS = 20;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function write(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.write(bytes, () => resolve());
  });
}

function reset(socket: Socket | null | undefined): void {
  if (!socket || socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** The proxy's connection to the service for one kiosk connection: opened when first needed, again after it closed. */
class UpstreamLink {
  private socket: Socket | null = null;
  private reader: MessageReader | null = null;
  private ended = false;

  constructor(private readonly port: number) {}

  private open(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: this.port });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        this.socket = socket;
        this.ended = false;
        this.reader = new MessageReader(socket);
        void this.reader.closed.then(() => {
          if (this.socket === socket) this.ended = true;
        });
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }

  /** Sends the bytes (opening the link if needed); false when the service cannot be reached. */
  async send(bytes: Buffer): Promise<boolean> {
    if (!this.socket || this.ended || this.socket.destroyed) {
      this.drop();
      if (!(await this.open())) return false;
    }
    await write(this.socket as Socket, bytes);
    return true;
  }

  /** The service's whole answer to the request just sent; null when it closed first. */
  async answer(requestMethod: string): Promise<Message | null> {
    const response = (await this.reader?.read((head) => responseFraming(head, requestMethod))) ?? null;
    if (!response || response.head.headers.get('connection')?.toLowerCase() === 'close') this.drop();
    return response;
  }

  drop(): void {
    reset(this.socket);
    this.socket = null;
    this.reader = null;
  }
}

/** Where a reset cuts a message of `length` bytes: `afterBytes` from the start, or from the end when negative; never the whole message. */
function cutAt(afterBytes: number, length: number): number {
  const at = afterBytes < 0 ? length + afterBytes : afterBytes;
  return Math.max(0, Math.min(at, length - 1));
}

function routeKey(method: string, target: string): string {
  return `${method} ${new URL(target, 'http://central.invalid').pathname}`;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** What becomes of the kiosk's connection after a request. */
type After = 'next' | 'close';

/** The portal's login server: another origin, answering every request with its page and noting what it was sent. */
async function startPortal(): Promise<{ url: string; visits: PortalVisit[]; close(): Promise<void> }> {
  const visits: PortalVisit[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const reader = new MessageReader(socket);
    void (async () => {
      for (;;) {
        const request = await reader.read(requestFraming);
        if (!request) return;
        const [method = 'GET', target = '/'] = request.head.startLine.split(' ');
        visits.push({ method, target, bodyBytes: bodyOf(request).length });
        await write(socket, httpAnswer('200 OK', 'text/html; charset=utf-8', PORTAL_PAGE));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    visits,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startFaultProxy(options: { upstreamPort: number; schedule?: FaultSchedule }): Promise<FaultProxy> {
  let schedule = options.schedule ?? passEverything;
  const portal = await startPortal();
  const records: FaultRecord[] = [];
  const listeners: Array<(request: ProxiedRequest, fault: Fault) => void> = [];
  const answeredListeners: Array<(request: ProxiedRequest) => void> = [];
  /** The last real answer of each route, for the stale cache. */
  const cache = new Map<string, Buffer>();
  const sockets = new Set<Socket>();
  const started = Date.now();
  let connections = 0;
  let requests = 0;

  /** The faults where the service never sees the request: the proxy answers, stalls or resets. */
  async function answerInstead(fault: Fault, client: Socket, reader: MessageReader, request: Message, info: ProxiedRequest): Promise<After> {
    const plausible = () => httpAnswer('200 OK', JSON_TYPE, JSON.stringify(plausibleJson(info.method, info.target, bodyOf(request))));
    switch (fault.kind) {
      case 'refuse':
        reset(client);
        return 'close';
      case 'stall':
        await reader.closed;
        return 'close';
      case 'answer500':
        await write(client, httpAnswer('500 Internal Server Error', JSON_TYPE, '{"error":"internal"}'));
        return 'next';
      case 'portalHtml':
        await write(client, httpAnswer('200 OK', 'text/html; charset=utf-8', PORTAL_PAGE, ['Cache-Control: no-store']));
        return 'next';
      case 'portalJson':
        await write(client, plausible());
        return 'next';
      case 'portalRedirect': {
        const location = `${portal.url}/login?dst=${encodeURIComponent(info.target)}`;
        await write(client, httpAnswer('307 Temporary Redirect', 'text/html; charset=utf-8', PORTAL_PAGE, [`Location: ${location}`]));
        return 'next';
      }
      case 'staleCache':
        await write(client, cache.get(routeKey(info.method, info.target)) ?? plausible());
        return 'next';
      case 'garbage':
        await write(client, garbageBytes(fault.seed));
        await sleep(SETTLE_MS);
        client.destroy();
        return 'close';
      default:
        throw new Error(`${fault.kind} goes to the service`);
    }
  }

  /** The faults where the request goes on to the service (whole or in part), and what becomes of its answer. */
  async function forward(fault: Fault, client: Socket, reader: MessageReader, link: UpstreamLink, request: Message, info: ProxiedRequest): Promise<After> {
    if (fault.kind === 'delay') await sleep(fault.ms);
    if (fault.kind === 'resetRequest') {
      if (await link.send(request.raw.subarray(0, cutAt(fault.afterBytes, request.raw.length)))) await sleep(SETTLE_MS);
      link.drop();
      reset(client);
      return 'close';
    }
    let response = (await link.send(request.raw)) ? await link.answer(info.method) : null;
    if (response && fault.kind === 'duplicate') response = (await link.send(request.raw)) ? await link.answer(info.method) : null;
    if (!response) {
      reset(client);
      return 'close';
    }
    switch (fault.kind) {
      case 'loseResponse':
        reset(client);
        link.drop();
        return 'close';
      case 'stallResponse':
        await reader.closed;
        return 'close';
      case 'resetResponse':
        await write(client, response.raw.subarray(0, cutAt(fault.afterBytes, response.raw.length)));
        await sleep(SETTLE_MS);
        reset(client);
        link.drop();
        return 'close';
      default:
        cache.set(routeKey(info.method, info.target), response.raw);
        await write(client, response.raw);
        for (const listener of answeredListeners) listener(info);
        if (request.head.headers.get('connection')?.toLowerCase() === 'close' || response.head.headers.get('connection')?.toLowerCase() === 'close') {
          client.end();
          return 'close';
        }
        return 'next';
    }
  }

  const answeredByProxy: ReadonlySet<FaultKind> = new Set(['refuse', 'stall', 'answer500', 'portalHtml', 'portalJson', 'portalRedirect', 'staleCache', 'garbage']);

  /** One kiosk connection: its requests one after the other, each with its own fault. */
  async function serve(client: Socket, connection: number): Promise<void> {
    const reader = new MessageReader(client);
    const link = new UpstreamLink(options.upstreamPort);
    try {
      for (;;) {
        const request = await reader.read(requestFraming);
        if (!request) return;
        const [method = 'GET', target = '/'] = request.head.startLine.split(' ');
        const info: ProxiedRequest = { index: requests, connection, method, target };
        requests += 1;
        const fault = schedule.faultFor(info);
        records.push({ at: Date.now() - started, connection, request: info, fault: fault.kind });
        for (const listener of listeners) listener(info, fault);
        const after = answeredByProxy.has(fault.kind)
          ? await answerInstead(fault, client, reader, request, info)
          : await forward(fault, client, reader, link, request, info);
        if (after === 'close') return;
      }
    } finally {
      link.drop();
      if (!client.destroyed) client.destroy();
    }
  }

  const server: Server = createServer((client) => {
    const connection = connections;
    connections += 1;
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.setNoDelay(true);
    if (schedule.refuseConnection(connection)) {
      records.push({ at: Date.now() - started, connection, request: null, fault: 'refuse' });
      reset(client);
      return;
    }
    void serve(client, connection);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    portalVisits: portal.visits,
    records,
    setSchedule(next) {
      schedule = next;
    },
    onRequest(listener) {
      listeners.push(listener);
    },
    onAnswered(listener) {
      answeredListeners.push(listener);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await portal.close();
    },
  };
}

/** One line per record, for a failure message: what the proxy did, in order. */
export function describeRecords(records: readonly FaultRecord[]): string {
  return records
    .map((r) =>
      r.request
        ? `${String(r.at).padStart(6)}ms #${r.request.index} c${r.connection} ${r.request.method} ${r.request.target.replace(/[0-9a-f]{64}/, (h) => `${h.slice(0, 8)}…`)} → ${r.fault}`
        : `${String(r.at).padStart(6)}ms c${r.connection} (new connection) → ${r.fault}`,
    )
    .join('\n');
}
