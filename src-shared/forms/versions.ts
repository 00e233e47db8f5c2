/**
 * How many versions of a form are accepted: the current one and the one
 * before it. A draft started on an older version is migrated field by field
 * (src-shared/forms/migrate.ts) before it can be submitted. The kiosk and
 * the central service apply the same rule, the central service against the
 * catalog the application names (the one the kiosk had when it was
 * submitted), so a kiosk that was offline is never refused for what it
 * could not know.
 */
export const ACCEPTED_FORM_VERSIONS = 2;

export function formVersionAccepted(filledOn: number, current: number): boolean {
  return current - filledOn < ACCEPTED_FORM_VERSIONS;
}
