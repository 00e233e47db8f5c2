import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncState } from '../../../src-shared/contract';
import { chipReading, connectionOf, lastErrorKind, lastErrorMessage, syncDetails, type LastErrorKind } from '../../../src-renderer/sync/reading';

const root = join(import.meta.dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const literals = (text: string) => [...text.matchAll(/'([a-z]+(?:\.[A-Za-z0-9]+)+|internal)'/g)].map((m) => m[1] as string);

/**
 * What can end up in `SyncState.lastError`: the core's own failures
 * (`new CentralFailure(...)`, the feed's problems, `http.<status>`) and the
 * refusals of the central service it passes on (`RequestError`, the
 * signature check's codes, `{ error: ... }` answers).
 */
function codesTheCoreCanSend(): Set<string> {
  const codes = new Set<string>();
  for (const file of tsFiles(join(root, 'src-main', 'core', 'sync'))) {
    const source = readFileSync(file, 'utf8');
    for (const call of source.matchAll(/CentralFailure\(([^)]*)\)/g)) literals(call[1] ?? '').forEach((code) => codes.add(code));
    for (const union of source.matchAll(/type FeedProblem\s*=([^;]*);/g)) literals(union[1] ?? '').forEach((code) => codes.add(code));
    if (source.includes('`http.${')) ['http.404', 'http.413', 'http.502', 'http.503'].forEach((code) => codes.add(code));
  }
  for (const file of tsFiles(join(root, 'src-central'))) {
    const source = readFileSync(file, 'utf8');
    for (const refusal of source.matchAll(/RequestError\(\s*\d+,\s*('[^']+')/g)) literals(refusal[1] ?? '').forEach((code) => codes.add(code));
    // The signature check's refusals (`status: 401, code: ...`) and answers sent as they are (`{ error: ... }`).
    for (const refusal of source.matchAll(/status:\s*\d+,\s*code:\s*('[^']+')|\berror:\s*('[^']+')/g)) {
      literals(refusal[1] ?? refusal[2] ?? '').forEach((code) => codes.add(code));
    }
  }
  return codes;
}

/** Every code with the sentence it gets; a new code in the core or the service fails the test until it is placed here. */
const EXPECTED: Record<string, LastErrorKind> = {
  'network.unreachable': 'network',
  'network.timeout': 'network',
  'response.unsigned': 'notTheService',
  'response.notJson': 'notTheService',
  'response.badSignature': 'notTheService',
  'response.invalid': 'badAnswer',
  'response.noNumber': 'badAnswer',
  'response.missingItem': 'badAnswer',
  'http.404': 'other',
  'http.413': 'other',
  'http.502': 'serviceDown',
  'http.503': 'serviceDown',
  'auth.stale': 'clock',
  'auth.revoked': 'revoked',
  'auth.missing': 'refusedKiosk',
  'auth.unknownKiosk': 'reconnect',
  'auth.badSignature': 'refusedKiosk',
  'auth.replay': 'refusedKiosk',
  'auth.refused': 'refusedKiosk',
  'catalog.refused': 'catalogRefused',
  'catalog.commitFailed': 'localSave',
  'status.commitFailed': 'localSave',
  'clerks.commitFailed': 'localSave',
  // The audit route's refusal: an admin must look at the kiosk's audit chain.
  'audit.chainBroken': 'auditRefused',
  'catalog.notFound': 'other',
  'status.notFound': 'other',
  'lookup.invalid': 'other',
  'kiosk.notEnrolled': 'reconnect',
  'kiosk.serviceKeyMissing': 'reconnect',
  'request.invalid': 'other',
  'request.notFound': 'other',
  'request.tooLarge': 'other',
  'request.unsupportedMediaType': 'other',
  'attachment.hashMismatch': 'other',
  'attachment.offset': 'other',
  'enroll.invalidCode': 'other',
  'enroll.badKey': 'other',
  // Answers of the account routes, which the sync never calls: named for the clerk should one ever appear.
  'account.invalid': 'other',
  'terms.unavailable': 'other',
  internal: 'other',
};

function messages(language: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'src-renderer', 'i18n', language, 'sync.json'), 'utf8')) as Record<string, unknown>;
}

function lookUp(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

/** A key exists as a plain message or as plural forms. */
function hasMessage(tree: unknown, key: string): boolean {
  return typeof lookUp(tree, key) === 'string' || typeof lookUp(tree, `${key}_other`) === 'string';
}

const state = (overrides: Partial<SyncState> = {}): SyncState => ({
  enrolled: true,
  online: true,
  offlineSince: null,
  waiting: 0,
  lastSuccessAt: '2025-03-12T08:05:00Z',
  lastError: null,
  flagged: 0,
  revoked: false,
  ...overrides,
});

describe('the last sync error in words', () => {
  it('has a sentence for every failure code the core and the central service can send', () => {
    const found = [...codesTheCoreCanSend()].sort();
    expect(found).toContain('network.timeout');
    expect(found).toContain('auth.stale');
    expect(found).toContain('catalog.refused');
    const unplaced = found.filter((code) => !(code in EXPECTED));
    expect(unplaced, 'codes the core can send that have no decided sentence: add them to EXPECTED').toEqual([]);
  });

  it('gives each code its sentence', () => {
    for (const [code, kind] of Object.entries(EXPECTED)) expect(lastErrorKind(code), code).toBe(kind);
    expect(lastErrorKind('network.somethingNew')).toBe('network');
    expect(lastErrorKind('auth.somethingNew')).toBe('refusedKiosk');
    expect(lastErrorKind('http.500')).toBe('serviceDown');
    expect(lastErrorKind('http.5000')).toBe('other');
    expect(lastErrorKind('')).toBe('other');
  });

  it('names the code in the generic sentences only, so a clerk can report it', () => {
    expect(lastErrorMessage('outbox.somethingNew')).toEqual({ key: 'sync.error.other', params: { code: 'outbox.somethingNew' } });
    expect(lastErrorMessage('auth.replay')).toEqual({ key: 'sync.error.refusedKiosk', params: { code: 'auth.replay' } });
    expect(lastErrorMessage('response.unsigned')).toEqual({ key: 'sync.error.notTheService', params: {} });
  });

  it('has every sentence in Kyrgyz and Russian, with a {{code}} where the code is given', () => {
    for (const language of ['ky', 'ru']) {
      const tree = messages(language);
      for (const code of [...Object.keys(EXPECTED), 'something.else']) {
        const { key, params } = lastErrorMessage(code);
        const text = lookUp(tree, key);
        expect(typeof text === 'string' && text.trim() !== '', `${language}: ${key}`).toBe(true);
        expect(String(text).includes('{{code}}'), `${language}: ${key} shows the code`).toBe('code' in params);
      }
    }
  });
});

describe('the sync chip', () => {
  it('says the connection first, then how many wait', () => {
    expect(chipReading(null)).toMatchObject({ connection: 'unknown', online: false, waiting: 0, parts: [{ key: 'sync.chip.unknown' }] });
    expect(chipReading(state()).parts).toEqual([{ key: 'sync.chip.online', params: {} }]);
    const offline = chipReading(state({ online: false, waiting: 3 }));
    expect(offline).toMatchObject({ connection: 'offline', online: false, waiting: 3 });
    expect(offline.parts).toEqual([
      { key: 'sync.chip.offline', params: {} },
      { key: 'sync.chip.waiting', params: { count: 3 } },
    ]);
  });

  it('puts a revoked kiosk before everything else, and is never online then', () => {
    expect(connectionOf(state({ revoked: true }))).toBe('revoked');
    expect(chipReading(state({ revoked: true, online: true })).online).toBe(false);
    expect(connectionOf(state({ enrolled: false }))).toBe('notEnrolled');
    expect(chipReading(state({ enrolled: false })).online).toBe(false);
  });
});

describe('the sync details', () => {
  it('say online, all sent and when the last exchange was, in Bishkek time', () => {
    const details = syncDetails(state());
    expect(details.link).toEqual({ key: 'sync.link.online', params: {} });
    expect(details.reassurance.key).toBe('sync.reassure.online');
    expect(details.waiting).toEqual({ key: 'sync.allSent', params: {} });
    expect(details.lastSuccess).toEqual({ key: 'sync.lastSuccess', params: { date: '12.03.2025', time: '14:05' } });
    expect(details.flagged).toBeNull();
    expect(details.lastError).toBeNull();
  });

  it('say since when the kiosk is offline, how many wait and what went wrong', () => {
    const details = syncDetails(
      state({ online: false, offlineSince: '2025-03-12T18:30:00Z', waiting: 2, lastSuccessAt: null, lastError: 'response.unsigned', flagged: 1 }),
    );
    expect(details.link).toEqual({ key: 'sync.link.offlineSince', params: { date: '13.03.2025', time: '00:30' } });
    expect(details.reassurance.key).toBe('sync.reassure.offline');
    expect(details.waiting).toEqual({ key: 'sync.waiting', params: { count: 2 } });
    expect(details.lastSuccess).toEqual({ key: 'sync.lastSuccessNever', params: {} });
    expect(details.flagged).toEqual({ key: 'sync.flagged', params: { count: 1 } });
    expect(details.lastError).toEqual({ key: 'sync.error.notTheService', params: {} });
  });

  it('send a revoked or unenrolled kiosk to a clerk, without saying "revoked" twice', () => {
    const revoked = syncDetails(state({ revoked: true, online: false, lastError: 'auth.revoked' }));
    expect(revoked.link.key).toBe('sync.link.revoked');
    expect(revoked.reassurance.key).toBe('sync.reassure.clerk');
    expect(revoked.lastError).toBeNull();
    expect(syncDetails(state({ revoked: true, lastError: 'network.timeout' })).lastError?.key).toBe('sync.error.network');
    expect(syncDetails(state({ enrolled: false, online: false })).reassurance.key).toBe('sync.reassure.clerk');
    expect(syncDetails(null).link.key).toBe('sync.link.unknown');
  });

  it('use only messages that exist in both languages', () => {
    const samples = [
      state(),
      state({ online: false, offlineSince: '2025-03-12T18:30:00Z', waiting: 5, flagged: 2, lastError: 'network.timeout' }),
      state({ online: false }),
      state({ enrolled: false }),
      state({ revoked: true }),
      null,
    ];
    for (const language of ['ky', 'ru']) {
      const tree = messages(language);
      for (const sample of samples) {
        const details = syncDetails(sample);
        const chip = chipReading(sample);
        const keys = [details.reassurance, details.link, details.waiting, details.lastSuccess, details.flagged, details.lastError, ...chip.parts]
          .filter((m) => m !== null)
          .map((m) => m.key);
        for (const key of [...keys, 'sync.title', 'sync.close', 'sync.chip.hint', 'sync.revoked.title', 'sync.revoked.text']) {
          expect(hasMessage(tree, key), `${language}: ${key}`).toBe(true);
        }
      }
    }
  });
});
