import type { FormChange } from '../../src-shared/contract';

export type FormChangeKind = FormChange['kind'];

/** The order the notice tells them: what to answer now, what to answer again, what went away. */
export const CHANGE_KINDS: readonly FormChangeKind[] = ['added', 'cleared', 'removed'];

/** The changes grouped by kind, in the notice's order; a kind with nothing in it is left out. */
export function changesByKind(changes: readonly FormChange[]): { kind: FormChangeKind; changes: FormChange[] }[] {
  return CHANGE_KINDS.map((kind) => ({ kind, changes: changes.filter((change) => change.kind === kind) })).filter(
    (group) => group.changes.length > 0,
  );
}
