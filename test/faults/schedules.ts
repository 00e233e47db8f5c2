import type { Fault, FaultKind, FaultSchedule, ProxiedRequest } from './proxy';
import { childSeed, pick, type Random } from './seeded';

/** Which requests of a sync a fault is aimed at. */
export type Target = 'any' | 'check' | 'firstChunk' | 'laterChunk' | 'batch' | 'changes';

function url(request: ProxiedRequest): URL {
  return new URL(request.target, 'http://central.invalid');
}

/** The byte offset of an attachment PUT (0 for a whole-file upload without `?offset=`). */
export function chunkOffset(request: ProxiedRequest): number {
  return Number(url(request).searchParams.get('offset') ?? '0');
}

export function isAttachmentPut(request: ProxiedRequest): boolean {
  return request.method === 'PUT' && url(request).pathname.startsWith('/v1/attachments/');
}

export function attachmentOf(request: ProxiedRequest): string {
  return url(request).pathname.split('/').pop() ?? '';
}

export function matches(target: Target, request: ProxiedRequest): boolean {
  const path = url(request).pathname;
  switch (target) {
    case 'any':
      return true;
    case 'check':
      return request.method === 'POST' && path === '/v1/attachments/check';
    case 'firstChunk':
      return isAttachmentPut(request) && chunkOffset(request) === 0;
    case 'laterChunk':
      return isAttachmentPut(request) && chunkOffset(request) > 0;
    case 'batch':
      return request.method === 'POST' && path === '/v1/applications/batch';
    case 'changes':
      return request.method === 'GET' && path === '/v1/changes';
  }
}

/**
 * The first `count` requests aimed at get the fault (the n-th gets
 * `faultAt(n)`), everything else passes. A `refuse` aimed at any request
 * also refuses new connections at accept.
 */
export function faultFirst(count: number, target: Target, faultAt: (n: number) => Fault): FaultSchedule & { readonly hits: number } {
  let hits = 0;
  return {
    get hits() {
      return hits;
    },
    refuseConnection() {
      if (target !== 'any' || hits >= count || faultAt(hits).kind !== 'refuse') return false;
      hits += 1;
      return true;
    },
    faultFor(request) {
      if (hits >= count || !matches(target, request)) return { kind: 'pass' };
      const fault = faultAt(hits);
      hits += 1;
      return fault;
    },
  };
}

/** Every kind, with parameters drawn from the generator. */
export function randomFault(random: Random, kind: FaultKind): Fault {
  switch (kind) {
    case 'pass':
    case 'refuse':
    case 'stall':
    case 'stallResponse':
    case 'answer500':
    case 'portalHtml':
    case 'portalJson':
    case 'portalRedirect':
    case 'staleCache':
    case 'loseResponse':
    case 'duplicate':
      return { kind };
    case 'resetRequest':
      // Anywhere: in the request line, the headers, or the body (a chunk's bytes).
      return { kind, afterBytes: pick(random, [1, 20, 200, 600, 5_000, 70_000, 700_000, -1, -100]) };
    case 'resetResponse':
      return { kind, afterBytes: pick(random, [1, 12, 40, 150, 400, -1, -20]) };
    case 'delay':
      return { kind, ms: pick(random, [5, 30, 120, 400]) };
    case 'garbage':
      return { kind, seed: childSeed(random) };
  }
}

export interface RandomScheduleOptions {
  /** The chance that one connection or request is hit. */
  probability: number;
  /** After this many faults everything passes, so the sync terminates. */
  cap: number;
  /** Kinds and their weights. */
  weights: Partial<Record<FaultKind, number>>;
}

/** A fault per request (and per new connection) with probability p, drawn from the seeded generator. */
export function randomSchedule(random: Random, options: RandomScheduleOptions): FaultSchedule & { readonly hits: number } {
  const kinds = Object.entries(options.weights).filter(([, w]) => (w ?? 0) > 0) as Array<[FaultKind, number]>;
  const total = kinds.reduce((sum, [, w]) => sum + w, 0);
  const drawKind = (): FaultKind => {
    let x = random() * total;
    for (const [kind, weight] of kinds) {
      x -= weight;
      if (x < 0) return kind;
    }
    return kinds[kinds.length - 1]?.[0] ?? 'pass';
  };
  const refuseShare = (options.weights.refuse ?? 0) / (total || 1);
  let hits = 0;
  return {
    get hits() {
      return hits;
    },
    refuseConnection() {
      if (hits >= options.cap || random() >= options.probability * refuseShare) return false;
      hits += 1;
      return true;
    },
    faultFor() {
      if (hits >= options.cap || random() >= options.probability) return { kind: 'pass' };
      hits += 1;
      return randomFault(random, drawKind());
    },
  };
}

/** Seeds for the parts of one randomised schedule, so each replays alone. */
export function scheduleSeeds(seed: number): { content: number; faults: number; mode: number } {
  return { content: seed, faults: (seed ^ 0x9e3779b9) >>> 0, mode: (seed ^ 0x85ebca6b) >>> 0 };
}
