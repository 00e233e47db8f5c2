import type { ClerkView } from '../../../src-shared/clerks/views';
import { KioskError } from '../../../src-shared/errors';

/**
 * The clerk signed in at this kiosk, in core memory only: a restart, logout
 * or the idle timeout forgets it. Every clerk method asks `require` first.
 */
export function createClerkSession() {
  let current: { clerk: ClerkView; since: string } | null = null;
  return {
    current() {
      return current;
    },
    start(clerk: ClerkView, since: string): void {
      current = { clerk, since };
    },
    end(): ClerkView | null {
      const ended = current?.clerk ?? null;
      current = null;
      return ended;
    },
    /** The signed-in clerk, or `clerk.required`; with `admin`, `clerk.adminRequired` for a plain clerk. */
    require(role: 'clerk' | 'admin' = 'clerk'): ClerkView {
      if (!current) throw new KioskError('clerk.required');
      if (role === 'admin' && current.clerk.role !== 'admin') throw new KioskError('clerk.adminRequired');
      return current.clerk;
    },
  };
}
export type ClerkSession = ReturnType<typeof createClerkSession>;
