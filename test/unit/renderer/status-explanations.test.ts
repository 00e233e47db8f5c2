import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_STATES } from '../../../src-shared/applications/status';
import { StatusState } from '../../../src-shared/contract';
import {
  STATUS_STATES,
  currentReason,
  historyOldestFirst,
  readingOf,
  showsOfflineNote,
} from '../../../src-renderer/status/explanations';

const i18nDir = join(import.meta.dirname, '..', '..', '..', 'src-renderer', 'i18n');

function messages(language: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(i18nDir, language, 'status.json'), 'utf8')) as Record<string, unknown>;
}

function lookUp(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

const entry = (state: (typeof APPLICATION_STATES)[number], at: string, reason: { ky: string; ru: string } | null = null) => ({ state, at, reason });

describe('status explanations', () => {
  it('cover every state a report can be in, and nothing else', () => {
    expect([...STATUS_STATES].sort()).toEqual(['notSent', ...APPLICATION_STATES].sort());
    for (const state of STATUS_STATES) expect(StatusState.safeParse(state).success).toBe(true);
  });

  it('have a title, a next step and a reason label in both languages for every state', () => {
    for (const language of ['ky', 'ru']) {
      const tree = messages(language);
      for (const state of STATUS_STATES) {
        const reading = readingOf(state);
        for (const key of [reading.titleKey, reading.nextKey, reading.reasonKey]) {
          const text = lookUp(tree, key);
          expect(typeof text === 'string' && text.trim() !== '', `${language}: ${key}`).toBe(true);
        }
      }
    }
  });

  it('colour a state by what it asks of the citizen', () => {
    expect(readingOf('readyForPickup').tone).toBe('done');
    expect(readingOf('documentsNeeded').tone).toBe('action');
    expect(readingOf('rejected').tone).toBe('stopped');
    expect(readingOf('notSent').tone).toBe('waiting');
    expect(readingOf('documentsNeeded').reasonKey).toBe('status.reason.documentsNeeded');
    expect(readingOf('inReview').reasonKey).toBe('status.reason.other');
  });

  it('list the history oldest first, whatever order it came in', () => {
    const history = [entry('inReview', '2025-03-02T10:00:00+06:00'), entry('received', '2025-03-01T09:00:00+06:00')];
    expect(historyOldestFirst(history).map((e) => e.state)).toEqual(['received', 'inReview']);
    expect(history[0]?.state).toBe('inReview');
  });

  it('take the reason of the current state from its latest step', () => {
    const first = { ky: 'Туулгандыгы тууралуу күбөлүк', ru: 'Свидетельство о рождении' };
    const second = { ky: 'Төлөм квитанциясы', ru: 'Квитанция об оплате' };
    const history = [
      entry('received', '2025-03-01T09:00:00Z'),
      entry('documentsNeeded', '2025-03-02T09:00:00Z', first),
      entry('inReview', '2025-03-03T09:00:00Z'),
      entry('documentsNeeded', '2025-03-04T09:00:00Z', second),
    ];
    expect(currentReason({ state: 'documentsNeeded', history })).toEqual(second);
    expect(currentReason({ state: 'inReview', history })).toBeNull();
    expect(currentReason({ state: 'notSent', history: [] })).toBeNull();
  });

  it('say "this is what the kiosk last knew" only for a kiosk answer that is not "not sent yet"', () => {
    expect(showsOfflineNote({ source: 'kiosk', state: 'inReview' })).toBe(true);
    expect(showsOfflineNote({ source: 'kiosk', state: 'notSent' })).toBe(false);
    expect(showsOfflineNote({ source: 'central', state: 'inReview' })).toBe(false);
  });
});
