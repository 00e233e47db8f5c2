import { describe, expect, it } from 'vitest';
import { changesByKind } from '../../../src-renderer/application/migration';

const change = (kind: 'added' | 'removed' | 'cleared', fieldId: string) => ({ kind, fieldId, label: { ky: fieldId, ru: fieldId } });

describe('changesByKind', () => {
  it('groups new questions, answers to give again and removed questions, in that order, keeping each group\'s order', () => {
    const groups = changesByKind([change('removed', 'fax'), change('added', 'email'), change('cleared', 'region'), change('added', 'phone')]);
    expect(groups.map((g) => g.kind)).toEqual(['added', 'cleared', 'removed']);
    expect(groups[0]?.changes.map((c) => c.fieldId)).toEqual(['email', 'phone']);
  });

  it('leaves out a kind with nothing in it', () => {
    expect(changesByKind([change('cleared', 'region')]).map((g) => g.kind)).toEqual(['cleared']);
    expect(changesByKind([])).toEqual([]);
  });
});
