import { z } from 'zod';
import { Localized } from '../language';

/**
 * Where an application stands in the central service. Clerks of the service
 * move it (the admin CLI); kiosks learn it through the change feed.
 */
export const APPLICATION_STATES = ['received', 'inReview', 'documentsNeeded', 'readyForPickup', 'rejected'] as const;
export const ApplicationState = z.enum(APPLICATION_STATES);
export type ApplicationState = z.infer<typeof ApplicationState>;

/** The moves the service allows; `readyForPickup` and `rejected` are final. */
export const STATE_TRANSITIONS: Readonly<Record<ApplicationState, readonly ApplicationState[]>> = {
  received: ['inReview', 'documentsNeeded', 'rejected'],
  inReview: ['documentsNeeded', 'readyForPickup', 'rejected'],
  documentsNeeded: ['inReview', 'rejected'],
  readyForPickup: [],
  rejected: [],
};

export function canMove(from: ApplicationState, to: ApplicationState): boolean {
  return STATE_TRANSITIONS[from].includes(to);
}

/** States whose entry must say why, in both languages (what is missing, why refused). */
export const STATES_WITH_REASON: readonly ApplicationState[] = ['documentsNeeded', 'rejected'];

/** One step of an application's history, as the citizen reads it. */
export const StatusEntry = z.object({
  state: ApplicationState,
  at: z.string().datetime({ offset: true }),
  reason: Localized.nullable(),
});
export type StatusEntry = z.infer<typeof StatusEntry>;
