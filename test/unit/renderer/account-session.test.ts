import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountState } from '../../../src-shared/contract';

// The stores reach the API client, which looks for the Electron bridge on `window` when it loads.
vi.stubGlobal('window', {});

type Stores = {
  signing: typeof import('../../../src-renderer/account/signing-in');
  account: typeof import('../../../src-renderer/stores/account');
  alert: typeof import('../../../src-renderer/stores/alert');
  application: typeof import('../../../src-renderer/stores/application');
  cabinet: typeof import('../../../src-renderer/stores/cabinet');
  navigation: typeof import('../../../src-renderer/stores/navigation');
};
let stores: Stores;

beforeAll(async () => {
  stores = {
    signing: await import('../../../src-renderer/account/signing-in'),
    account: await import('../../../src-renderer/stores/account'),
    alert: await import('../../../src-renderer/stores/alert'),
    application: await import('../../../src-renderer/stores/application'),
    cabinet: await import('../../../src-renderer/stores/cabinet'),
    navigation: await import('../../../src-renderer/stores/navigation'),
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

const screen = () => stores.navigation.useNavigation.getState().screen;

beforeEach(() => {
  stores.account.useAccount.getState().reset();
  stores.alert.useAlert.getState().reset();
  stores.application.useApplication.getState().reset();
  stores.cabinet.useCabinet.getState().reset();
  stores.navigation.useNavigation.getState().reset();
});

describe('where signing in leads', () => {
  it('to the cabinet, saying how the citizen got there', () => {
    stores.signing.signedIn(signedIn, 'registered');
    expect(screen()).toEqual({ name: 'cabinet', message: 'registered' });
    expect(stores.account.useAccount.getState().state).toEqual(signedIn);
  });

  it('to the new terms first when an edition waits', () => {
    stores.signing.signedIn(termsPending, 'signedIn');
    expect(screen()).toEqual({ name: 'newTerms' });
  });

  it('back to an application a guest had open: signing in costs no answers', () => {
    stores.application.useApplication.setState({ draftId: '11111111-1111-4111-8111-111111111111' });
    stores.signing.signedIn(signedIn, 'signedIn');
    expect(screen()).toEqual({ name: 'form' });
  });
});

describe('following the core when the session changes by itself', () => {
  it('takes the citizen off an account screen and says the session ended', () => {
    stores.account.useAccount.getState().apply(signedIn);
    stores.navigation.useNavigation.getState().go({ name: 'cabinet' });
    stores.cabinet.useCabinet.setState({ cabinet: { account, applications: [], drafts: [], notices: [] } });
    stores.signing.followAccountChange(signedOut);
    expect(screen()).toEqual({ name: 'home' });
    expect(stores.alert.useAlert.getState().apiError).toBe('account.sessionEnded');
    expect(stores.cabinet.useCabinet.getState().cabinet).toBeNull();
  });

  it('leaves a guest\'s application where it is', () => {
    stores.account.useAccount.getState().apply(signedIn);
    stores.navigation.useNavigation.getState().go({ name: 'form' });
    stores.signing.followAccountChange(signedOut);
    expect(screen()).toEqual({ name: 'form' });
  });

  it('says nothing when the citizen asked to leave (delete, report misuse, exit)', () => {
    stores.account.useAccount.getState().apply(signedIn);
    stores.navigation.useNavigation.getState().go({ name: 'deleteAccount' });
    stores.account.useAccount.getState().expectSignOut();
    stores.signing.followAccountChange(signedOut);
    expect(screen()).toEqual({ name: 'deleteAccount' });
    expect(stores.alert.useAlert.getState().apiError).toBeNull();
    expect(stores.signing.guardedScreen(screen(), signedOut, true)).toEqual({ name: 'deleteAccount' });
  });

  it('shows the new terms on an account screen when an edition takes effect meanwhile', () => {
    stores.account.useAccount.getState().apply(signedIn);
    stores.navigation.useNavigation.getState().go({ name: 'cabinet' });
    stores.signing.followAccountChange(termsPending);
    expect(screen()).toEqual({ name: 'newTerms' });
  });
});

describe('the screens an account guards', () => {
  it('let guests through to everything but account screens', () => {
    const { guardedScreen } = stores.signing;
    expect(guardedScreen({ name: 'home' }, signedOut, false)).toEqual({ name: 'home' });
    expect(guardedScreen({ name: 'form' }, termsPending, false)).toEqual({ name: 'form' });
    expect(guardedScreen({ name: 'cabinet' }, signedOut, false)).toEqual({ name: 'login' });
    expect(guardedScreen({ name: 'changePassword' }, termsPending, false)).toEqual({ name: 'newTerms' });
    expect(guardedScreen({ name: 'cabinet' }, signedIn, false)).toEqual({ name: 'cabinet' });
  });
});
