import { describe, expect, it } from 'vitest';
import { CallResult, KioskEvent, METHOD_NAMES, isMethodName, kioskMethods } from '../../../src-shared/contract';
import { BatchRequest, canonicalJson, signingString } from '../../../src-shared/sync/wire';

const draftId = '3f2b8c1e-5d4a-4b7c-9e1f-0a2b3c4d5e6f';

describe('the KioskApi contract', () => {
  it('has an input and output schema for every method', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(10);
    for (const name of METHOD_NAMES) {
      expect(kioskMethods[name].input.safeParse).toBeTypeOf('function');
      expect(kioskMethods[name].output.safeParse).toBeTypeOf('function');
    }
    expect(isMethodName('saveDraft')).toBe(true);
    expect(isMethodName('constructor')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
  });

  it('refuses input the renderer should never send', () => {
    const save = kioskMethods.saveDraft.input;
    expect(save.safeParse({ id: draftId, answers: { surname: 'Асанова' }, pageId: 'applicant' }).success).toBe(true);
    expect(save.safeParse({ id: 'not-a-uuid', answers: {}, pageId: null }).success).toBe(false);
    expect(save.safeParse({ id: draftId, answers: { surname: 42 }, pageId: null }).success).toBe(false);
    expect(save.safeParse({ id: draftId, answers: { surname: 'x'.repeat(4001) }, pageId: null }).success).toBe(false);
    expect(save.safeParse({ id: draftId, answers: {}, pageId: null, extra: true }).success).toBe(false);
  });

  it('accepts a submit only with consent', () => {
    const submit = kioskMethods.submitApplication.input;
    expect(submit.safeParse({ draftId, consent: true }).success).toBe(true);
    expect(submit.safeParse({ draftId, consent: false }).success).toBe(false);
    expect(submit.safeParse({ draftId }).success).toBe(false);
  });

  it('knows only the two languages of the kiosk', () => {
    expect(kioskMethods.setLanguage.input.safeParse({ language: 'ky' }).success).toBe(true);
    expect(kioskMethods.setLanguage.input.safeParse({ language: 'en' }).success).toBe(false);
  });

  it('carries errors as codes, never as text', () => {
    expect(CallResult.safeParse({ ok: false, error: { code: 'draft.notFound' } }).success).toBe(true);
    expect(CallResult.safeParse({ ok: false, error: { code: 'SQLITE_CONSTRAINT: UNIQUE failed' } }).success).toBe(false);
  });

  it('validates events', () => {
    const state = { enrolled: true, online: false, offlineSince: '2026-11-24T08:00:00.000Z', waiting: 2, lastSuccessAt: null, lastError: 'network.unreachable', flagged: 0, revoked: false };
    expect(KioskEvent.safeParse({ type: 'syncState', state }).success).toBe(true);
    expect(KioskEvent.safeParse({ type: 'syncState', state: { ...state, waiting: -1 } }).success).toBe(false);
  });
});

describe('the sync wire format', () => {
  it('signs method, path, time, nonce and the body hash, one per line', () => {
    expect(signingString({ method: 'post', path: '/v1/applications/batch', time: '1', nonce: 'n', bodySha256Hex: 'ab' })).toBe(
      'kiosk-request-v1\nPOST\n/v1/applications/batch\n1\nn\nab',
    );
  });

  it('hashes content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('limits a batch', () => {
    expect(BatchRequest.safeParse({ items: [] }).success).toBe(false);
  });
});
