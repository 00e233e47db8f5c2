import { Catalog } from '../../../src-shared/catalog/schema';
import { ClerksChange } from '../../../src-shared/clerks/wire';
import type { KioskEvent } from '../../../src-shared/contract';
import { CatalogChange, StatusChange, canonicalJson, compareCatalogVersions } from '../../../src-shared/sync/wire';
import type { StatusStore } from '../applications/statuses';
import { catalogSha256, type CatalogStore, type VerifiedCatalog } from '../catalog/versions';
import type { ClerkSync } from '../clerks/clerk-sync';
import { CentralFailure, type CentralClient, type Signer } from './central-client';
import { yieldToLoop } from './pacing';

/** Pages of the feed read in one round at most; the rest waits for the next round. */
const MAX_PAGES_PER_ROUND = 10;
/** Status steps kept in one transaction with the cursor move. */
const STEPS_PER_TRANSACTION = 100;
/**
 * A download that is not what the feed announced (cut short, hash mismatch)
 * may be the link's fault: it is tried again in the next rounds, and after
 * this many refusals the item is passed so the feed does not stall forever.
 */
export const MAX_DAMAGED_ATTEMPTS = 3;

/** Why a catalog version was refused; logged and shown to a clerk as `catalog.refused`. */
export type CatalogRefusalCode =
  | 'catalog.truncated'
  | 'catalog.hashMismatch'
  | 'catalog.invalid'
  | 'catalog.notNewer';

/** Damaged in transit (try again) versus wrong as published (pass it at once). */
const DAMAGED: ReadonlySet<CatalogRefusalCode> = new Set(['catalog.truncated', 'catalog.hashMismatch']);

export interface FeedDeps {
  catalogs: CatalogStore;
  statuses: StatusStore;
  clerks: Pick<ClerkSync, 'refreshList'>;
  client: CentralClient;
  signer: Signer;
  /** Runs a request, signing it again once if the service corrected the kiosk's clock. */
  request: <T>(call: () => Promise<T>) => Promise<T>;
  nowIso: () => string;
  emit: (event: KioskEvent) => void;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

/** What a round's feed step left for the sync state: null when all is well. */
export type FeedProblem = 'catalog.refused' | 'catalog.commitFailed' | 'status.commitFailed' | 'clerks.commitFailed' | null;

type Verdict = { ok: true; verified: VerifiedCatalog } | { ok: false; code: CatalogRefusalCode };

/** Checks a downloaded catalog against its feed item and the active one; nothing is stored here. */
export function verifyCatalog(item: CatalogChange, body: string, active: Catalog): Verdict {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, code: 'catalog.truncated' };
  }
  const canonical = canonicalJson(json);
  if (catalogSha256(json) !== item.sha256) return { ok: false, code: 'catalog.hashMismatch' };
  const parsed = Catalog.safeParse(json);
  // The bytes are the ones published: a schema failure (a service whose form is missing…) will not heal.
  if (!parsed.success) return { ok: false, code: 'catalog.invalid' };
  const catalog = parsed.data;
  if (catalog.version !== item.version || compareCatalogVersions(catalog, item) !== 0) return { ok: false, code: 'catalog.invalid' };
  if (compareCatalogVersions(catalog, active) <= 0) return { ok: false, code: 'catalog.notNewer' };
  return { ok: true, verified: { catalog, json: canonical, sha256: item.sha256 } };
}

/**
 * Pulls the change feed after the stored cursor and applies it. The cursor
 * moves past an item only in the transaction that commits what the item
 * carried (or records it as permanently refused); a network failure or a
 * failed local commit leaves it where it was, so the item comes again.
 */
export async function pullChanges(deps: FeedDeps): Promise<FeedProblem> {
  const { catalogs, client, signer } = deps;
  let problem: FeedProblem = null;
  let cursor = catalogs.feedCursor();
  for (let page = 0; page < MAX_PAGES_PER_ROUND; page += 1) {
    if (page > 0) await yieldToLoop();
    const response = await deps.request(() => client.changes(signer, cursor));
    const fresh = response.changes.filter((raw) => raw.seq > cursor);
    for (let i = 0; i < fresh.length; ) {
      const raw = fresh[i] as { seq: number; kind: string };
      if (raw.kind === 'status') {
        // A run of status steps is kept in one transaction with the cursor past its last.
        const run: StatusChange[] = [];
        for (; i < fresh.length && run.length < STEPS_PER_TRANSACTION && (fresh[i] as { kind: string }).kind === 'status'; i += 1) {
          const item = StatusChange.safeParse(fresh[i]);
          if (!item.success) throw new CentralFailure('response.invalid');
          run.push(item.data);
        }
        if (!applyStatusRun(deps, run)) return 'status.commitFailed';
        cursor = (run[run.length - 1] as StatusChange).seq;
        continue;
      }
      if (raw.kind === 'clerks') {
        // A run of clerk changes (one per clerk provisioned) needs the list once, kept with the cursor past the run's last.
        let last = raw;
        for (; i < fresh.length && (fresh[i] as { kind: string }).kind === 'clerks'; i += 1) {
          const item = ClerksChange.safeParse(fresh[i]);
          if (!item.success) throw new CentralFailure('response.invalid');
          last = item.data;
        }
        const link = { client: deps.client, signer: deps.signer, request: deps.request };
        if (!(await deps.clerks.refreshList(link, last.seq))) return 'clerks.commitFailed';
        cursor = last.seq;
        continue;
      }
      const outcome = await applyChange(deps, raw);
      if (outcome === 'commitFailed') return 'catalog.commitFailed';
      if (outcome === 'retryLater') return 'catalog.refused';
      if (outcome === 'refused') problem = 'catalog.refused';
      cursor = raw.seq;
      i += 1;
    }
    const moved = response.cursor > cursor;
    if (moved) {
      catalogs.advanceCursor(response.cursor);
      cursor = response.cursor;
    }
    if (response.changes.length === 0 && !moved) {
      // Read to the end: what the kiosk knows of its applications is true as of now.
      deps.statuses.markPulledToEnd(deps.nowIso());
      break;
    }
  }
  return problem;
}

/** `retryLater`: refused as damaged, the cursor stays before it and the feed stops for this round. */
type ChangeOutcome = 'applied' | 'refused' | 'retryLater' | 'commitFailed';

async function applyChange(deps: FeedDeps, raw: { seq: number; kind: string }): Promise<ChangeOutcome> {
  if (raw.kind === 'catalog') {
    const item = CatalogChange.safeParse(raw);
    if (!item.success) throw new CentralFailure('response.invalid');
    return applyCatalogChange(deps, item.data);
  }
  // A kind this kiosk does not handle yet: passed, so a newer service never stalls an older kiosk.
  deps.log('feed.kindSkipped', { seq: raw.seq, kind: raw.kind });
  deps.catalogs.advanceCursor(raw.seq);
  return 'applied';
}

/**
 * Steps of this kiosk's applications, kept with the cursor move in one
 * transaction; false when that commit failed (the cursor stays before them).
 */
function applyStatusRun(deps: FeedDeps, run: StatusChange[]): boolean {
  let ours: string[];
  try {
    ours = deps.statuses.applySteps(run, (seq) => deps.catalogs.advanceCursor(seq));
  } catch (error) {
    deps.log('status.commitFailed', { seq: (run[0] as StatusChange).seq, error: error instanceof Error ? error.name : 'unknown' });
    return false;
  }
  // Not an application of this kiosk (the service sends only its own; a restored backup may differ): passed.
  const held = new Set(ours);
  const passed = run.filter((item) => !held.has(item.applicationId)).length;
  if (passed > 0) deps.log('status.unknownApplication', { items: passed });
  deps.log('status.received', { steps: run.length - passed, lastSeq: (run[run.length - 1] as StatusChange).seq });
  for (const applicationId of ours) deps.emit({ type: 'receiptUpdated', applicationId });
  return true;
}

async function applyCatalogChange(deps: FeedDeps, item: CatalogChange): Promise<ChangeOutcome> {
  const { catalogs, log } = deps;
  const active = catalogs.active();
  if (item.version === active.version && item.sha256 === catalogSha256(active)) {
    // The version this kiosk already shows (typically the snapshot it was shipped with).
    catalogs.advanceCursor(item.seq);
    return 'applied';
  }
  let verdict: Verdict;
  if (compareCatalogVersions(item, active) <= 0) {
    // Not newer by what the feed says: not even downloaded.
    verdict = { ok: false, code: 'catalog.notNewer' };
  } else {
    verdict = verifyCatalog(item, await deps.request(() => deps.client.catalogText(deps.signer, item.version)), active);
  }
  if (!verdict.ok) return refuse(deps, item, verdict.code);
  try {
    catalogs.activate(verdict.verified, item.seq, deps.nowIso());
  } catch (error) {
    log('catalog.commitFailed', { version: item.version, seq: item.seq, error: error instanceof Error ? error.name : 'unknown' });
    return 'commitFailed';
  }
  log('catalog.activated', { version: item.version, seq: item.seq });
  deps.emit({ type: 'catalogChanged', version: item.version });
  return 'applied';
}

function refuse(deps: FeedDeps, item: CatalogChange, code: CatalogRefusalCode): ChangeOutcome {
  const damaged = DAMAGED.has(code);
  const skip = !damaged || deps.catalogs.refusals(item.seq) + 1 >= MAX_DAMAGED_ATTEMPTS;
  const attempts = deps.catalogs.recordRefusal({ feedSeq: item.seq, version: item.version, sha256: item.sha256, code }, skip, deps.nowIso());
  deps.log('catalog.refused', { version: item.version, seq: item.seq, code, attempts, skipped: skip });
  return skip ? 'refused' : 'retryLater';
}
