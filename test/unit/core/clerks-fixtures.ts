import { randomBytes } from 'node:crypto';
import type { Central } from '../../../src-central/app';
import { addClerk } from '../../../src-central/clerks/store';
import type { ClerkRole } from '../../../src-shared/clerks/wire';

/** A clerk the operator provisioned, with the PIN they type at the kiosk. */
export interface TestClerk {
  clerkId: string;
  name: string;
  role: ClerkRole;
  pin: string;
}

export const clerk: TestClerk = { clerkId: '100234', name: 'Токтогулова Нургүл', role: 'clerk', pin: '739105' };
export const admin: TestClerk = { clerkId: '100007', name: 'Сыдыков Марат', role: 'admin', pin: '284617' };

/** What the admin CLI's `add-clerk` stores: the clerk, for every office, and a `clerks` feed item. */
export function provision(central: Central, who: TestClerk): void {
  addClerk(central.db, { clerkId: who.clerkId, name: who.name, role: who.role, office: null, pin: who.pin }, { now: new Date(), randomBytes });
}
