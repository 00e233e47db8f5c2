import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../session/Header';
import { useClerk, useSignedInClerk } from '../stores/clerk';
import type { ClerkScreen, ClerkTab } from './clerk-state';
import { ClerkAudit } from './ClerkAudit';
import { ClerkCalls } from './ClerkCalls';
import { ClerkEnrollment, EnrollWithoutClerk } from './ClerkEnrollment';
import { ClerkFind } from './ClerkFind';
import { ClerkIdentity } from './ClerkIdentity';
import { ClerkLogin } from './ClerkLogin';
import { ClerkMaintenance } from './ClerkMaintenance';
import { ClerkOutbox } from './ClerkOutbox';
import { ClerkSettings } from './ClerkSettings';
import { logoutClerk, refreshCallCount } from './clerk-session';
import './clerk.css';

const TABS: readonly ClerkTab[] = ['calls', 'find', 'identity', 'outbox', 'settings', 'enrollment', 'audit', 'maintenance'];
/** Leaving kiosk mode is the admin's alone; a clerk does not see the tab. */
const ADMIN_TABS: ReadonlySet<ClerkTab> = new Set(['maintenance']);

function CurrentClerkScreen({ screen }: { screen: ClerkScreen }) {
  switch (screen.name) {
    case 'login':
      return <ClerkLogin />;
    case 'enroll':
      return <EnrollWithoutClerk />;
    case 'calls':
      return <ClerkCalls />;
    case 'find':
      return <ClerkFind />;
    case 'identity':
      return <ClerkIdentity application={screen.application} />;
    case 'outbox':
      return <ClerkOutbox />;
    case 'settings':
      return <ClerkSettings />;
    case 'enrollment':
      return <ClerkEnrollment />;
    case 'audit':
      return <ClerkAudit />;
    case 'maintenance':
      return <ClerkMaintenance />;
  }
}

/** The dark band that tells everyone at a glance this is not the citizen's screen; logout always in it. */
function ClerkBand() {
  const { t } = useTranslation();
  const clerk = useSignedInClerk();
  return (
    <header className="clerk-band" data-testid="clerk-band">
      <div className="clerk-band__inner">
        <p className="clerk-band__title">{t('clerk.band.title')}</p>
        {clerk && (
          <p className="clerk-band__who" data-testid="clerk-name">
            {clerk.name} · {t(`clerk.role.${clerk.role}`)}
          </p>
        )}
        <div className="clerk-band__actions">
          <LanguageSwitch />
          {clerk ? (
            <button type="button" className="header-button" data-testid="clerk-logout" onClick={logoutClerk}>
              {t('clerk.band.logout')}
            </button>
          ) : (
            <button type="button" className="header-button" data-testid="clerk-cancel" onClick={() => useClerk.getState().close()}>
              {t('clerk.band.cancel')}
            </button>
          )}
        </div>
      </div>
    </header>
  );
}

function ClerkTabs({ current }: { current: ClerkScreen['name'] }) {
  const { t } = useTranslation();
  const clerk = useSignedInClerk();
  const waiting = useClerk((s) => s.waitingCalls);
  const go = useClerk((s) => s.go);
  if (!clerk) return null;
  const tabs = TABS.filter((tab) => clerk.role === 'admin' || !ADMIN_TABS.has(tab));
  return (
    <nav className="clerk-tabs" aria-label={t('clerk.tabs.label')}>
      <ul className="clerk-tabs__list">
        {tabs.map((tab) => (
          <li key={tab}>
            <button
              type="button"
              className="header-button clerk-tabs__tab"
              data-testid={`clerk-tab-${tab}`}
              aria-current={current === tab ? 'page' : undefined}
              onClick={() => go({ name: tab })}
            >
              {t(`clerk.tabs.${tab}`)}
              {tab === 'calls' && waiting > 0 && (
                <span className="clerk-tabs__badge" data-testid="clerk-calls-badge">
                  <span aria-hidden="true">{waiting}</span>
                  <span className="visually-hidden">{t('clerk.calls.badge', { count: waiting })}</span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Clerk mode, in place of the citizen's header and screens while a clerk works at the kiosk. */
export function ClerkMode({ screen }: { screen: ClerkScreen }) {
  const clerk = useSignedInClerk();
  const signedIn = clerk !== null;
  const visit = useClerk((s) => s.visit);
  useEffect(() => {
    if (signedIn) void refreshCallCount();
  }, [signedIn]);
  return (
    <div className="clerk-mode">
      <ClerkBand />
      <ClerkTabs current={screen.name} />
      <main className="main" id="main">
        <div className="container">
          <CurrentClerkScreen key={visit} screen={screen} />
        </div>
      </main>
    </div>
  );
}
