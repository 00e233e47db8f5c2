import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CabinetResponse } from '../../../src-shared/accounts/wire';
import type { AccountState } from '../../../src-shared/contract';
import { guardedScreen } from '../../../src-renderer/account/guard';
import type { CabinetMessage, Screen } from '../../../src-renderer/stores/navigation';

/**
 * The stores reach the renderer's API client, which is DOM code (it looks
 * for the Electron bridge on `window` as it loads): they are loaded at run
 * time behind a stand-in `window`, and typed here by what the test uses, so
 * this Node-typed test program never takes in the DOM's types.
 */
vi.stubGlobal('window', {});

interface Store<S> {
  getState(): S;
  setState(partial: Partial<S>): void;
}
interface Stores {
  signedIn(state: AccountState, message: CabinetMessage): void;
  followAccountChange(state: AccountState): void;
  account: Store<{ state: AccountState; apply(state: AccountState): void; expectSignOut(): void; reset(): void }>;
  alert: Store<{ apiError: string | null; reset(): void }>;
  application: Store<{ draftId: string | null; reset(): void }>;
  cabinet: Store<{ cabinet: CabinetResponse | null; reset(): void }>;
  navigation: Store<{ screen: Screen; go(screen: Screen): void; reset(): void }>;
}

async function load(path: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ path)) as Record<string, unknown>;
}

let stores: Stores;

beforeAll(async () => {
  const renderer = '../../../src-renderer';
  const signing = await load(`${renderer}/account/signing-in`);
  stores = {
    signedIn: signing.signedIn as Stores['signedIn'],
    followAccountChange: signing.followAccountChange as Stores['followAccountChange'],
    account: (await load(`${renderer}/stores/account`)).useAccount as Stores['account'],
    alert: (await load(`${renderer}/stores/alert`)).useAlert as Stores['alert'],
    application: (await load(`${renderer}/stores/application`)).useApplication as Stores['application'],
    cabinet: (await load(`${renderer}/stores/cabinet`)).useCabinet as Stores['cabinet'],
    navigation: (await load(`${renderer}/stores/navigation`)).useNavigation as Stores['navigation'],
  };
});

const account = {
  login: 'aigul.asanova',
  fullName: 'Асанова Айгүл',
  pin: '12505199012345',
  phone: '+996555123456',
  createdAt: '2026-11-20T10:00:00+06:00',
  verified: false,
  termsVersion: 1,
};
const signedIn: AccountState = { status: 'signedIn', account };
const signedOut: AccountState = { status: 'signedOut' };
const terms = { version: 2, effectiveAt: '2026-11-24T00:00:00+06:00', agreement: { ky: 'a', ru: 'a' }, privacy: { ky: 'p', ru: 'p' } };
const termsPending: AccountState = { status: 'termsPending', login: account.login, terms };

const screen = () => stores.navigation.getState().screen;

beforeEach(() => {
  for (const store of [stores.account, stores.alert, stores.application, stores.cabinet, stores.navigation]) store.getState().reset();
});

describe('where signing in leads', () => {
  it('to the cabinet, saying how the citizen got there', () => {
    stores.signedIn(signedIn, 'registered');
    expect(screen()).toEqual({ name: 'cabinet', message: 'registered' });
    expect(stores.account.getState().state).toEqual(signedIn);
  });

  it('to the new terms first when an edition waits', () => {
    stores.signedIn(termsPending, 'signedIn');
    expect(screen()).toEqual({ name: 'newTerms' });
  });

  it('back to an application a guest had open: signing in costs no answers', () => {
    stores.application.setState({ draftId: '11111111-1111-4111-8111-111111111111' });
    stores.signedIn(signedIn, 'signedIn');
    expect(screen()).toEqual({ name: 'form' });
  });
});

describe('following the core when the session changes by itself', () => {
  it('takes the citizen off an account screen, forgets the cabinet and says the session ended', () => {
    stores.account.getState().apply(signedIn);
    stores.navigation.getState().go({ name: 'cabinet' });
    stores.cabinet.setState({ cabinet: { account, applications: [], drafts: [], notices: [] } });
    stores.followAccountChange(signedOut);
    expect(screen()).toEqual({ name: 'home' });
    expect(stores.alert.getState().apiError).toBe('account.sessionEnded');
    expect(stores.cabinet.getState().cabinet).toBeNull();
  });

  it("leaves a guest's application where it is", () => {
    stores.account.getState().apply(signedIn);
    stores.navigation.getState().go({ name: 'form' });
    stores.followAccountChange(signedOut);
    expect(screen()).toEqual({ name: 'form' });
  });

  it('says nothing when the citizen asked to leave (delete, report misuse, exit)', () => {
    stores.account.getState().apply(signedIn);
    stores.navigation.getState().go({ name: 'deleteAccount' });
    stores.account.getState().expectSignOut();
    stores.followAccountChange(signedOut);
    expect(screen()).toEqual({ name: 'deleteAccount' });
    expect(stores.alert.getState().apiError).toBeNull();
    expect(guardedScreen(screen(), signedOut, true)).toEqual({ name: 'deleteAccount' });
  });

  it('shows the new terms on an account screen when an edition takes effect meanwhile', () => {
    stores.account.getState().apply(signedIn);
    stores.navigation.getState().go({ name: 'cabinet' });
    stores.followAccountChange(termsPending);
    expect(screen()).toEqual({ name: 'newTerms' });
  });
});

describe('the screens an account guards', () => {
  it('let guests through to everything but account screens', () => {
    expect(guardedScreen({ name: 'home' }, signedOut, false)).toEqual({ name: 'home' });
    expect(guardedScreen({ name: 'form' }, termsPending, false)).toEqual({ name: 'form' });
    expect(guardedScreen({ name: 'cabinet' }, signedOut, false)).toEqual({ name: 'login' });
    expect(guardedScreen({ name: 'changePassword' }, termsPending, false)).toEqual({ name: 'newTerms' });
    expect(guardedScreen({ name: 'cabinet' }, signedIn, false)).toEqual({ name: 'cabinet' });
  });
});
