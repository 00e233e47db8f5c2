import { describe, expect, it } from 'vitest';
import { decideIdle } from '../../../src-renderer/session/idle-rules';

const base = { idleMs: 90_000, warningMs: 30_000, deadline: null, watching: true, lastActivity: 0 };

describe('decideIdle', () => {
  it('stays quiet before the idle time', () => {
    expect(decideIdle({ ...base, now: 89_999 })).toEqual({ kind: 'quiet' });
  });

  it('warns at the idle time with a deadline warningMs later', () => {
    expect(decideIdle({ ...base, now: 90_000 })).toEqual({ kind: 'warn', deadline: 120_000 });
  });

  it('never warns on an untouched home screen', () => {
    expect(decideIdle({ ...base, watching: false, now: 1_000_000 })).toEqual({ kind: 'quiet' });
  });

  it('counts down in whole seconds and expires at the deadline', () => {
    expect(decideIdle({ ...base, deadline: 120_000, now: 90_000 })).toEqual({ kind: 'countdown', secondsLeft: 30 });
    expect(decideIdle({ ...base, deadline: 120_000, now: 119_001 })).toEqual({ kind: 'countdown', secondsLeft: 1 });
    expect(decideIdle({ ...base, deadline: 120_000, now: 120_000 })).toEqual({ kind: 'expire' });
  });
});
