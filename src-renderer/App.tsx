import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorCode } from '../src-shared/errors';
import { errorCodeOf } from './api/client';
import { CabinetApplicationScreen } from './account/CabinetApplicationScreen';
import { CabinetScreen } from './account/CabinetScreen';
import { DraftSavedScreen } from './account/DraftSavedScreen';
import {
  AccountDeletedScreen,
  ChangePasswordScreen,
  DeleteAccountScreen,
  MisuseReportedScreen,
  ReportMisuseScreen,
} from './account/ManageScreens';
import { NewTermsScreen } from './account/NewTermsScreen';
import { RegisterScreen } from './account/RegisterScreen';
import { guardedScreen } from './account/guard';
import { LoginScreen, RestoreAccountScreen } from './account/SignInScreens';
import { ReviewScreen } from './application/ReviewScreen';
import { FormScreen } from './application/FormScreen';
import { HelpDialog } from './help/HelpDialog';
import { HomeScreen } from './catalog/HomeScreen';
import { AssistBanner } from './clerk/AssistBanner';
import { ClerkEntry } from './clerk/ClerkEntry';
import { ClerkMode } from './clerk/ClerkMode';
import { ServiceScreen } from './catalog/ServiceScreen';
import { ServicesScreen } from './catalog/ServicesScreen';
import { OnScreenKeyboard } from './keyboard/OnScreenKeyboard';
import { ReceiptScreen } from './receipt/ReceiptScreen';
import { LeaveDialog } from './resume/LeaveDialog';
import { ResumeScreen } from './resume/ResumeScreen';
import { ResumeTicketScreen } from './resume/ResumeTicketScreen';
import { SampleFormScreen } from './sampleForm/SampleFormScreen';
import { Header } from './session/Header';
import { IdleWarning } from './session/IdleWarning';
import { listenToKiosk, startKiosk } from './session/startup';
import { StatusScreen } from './status/StatusScreen';
import { RevokedBanner } from './sync/RevokedBanner';
import { SyncDetailsDialog } from './sync/SyncDetailsDialog';
import { useIdle } from './stores/idle';
import { useLeave } from './stores/leave';
import { useNavigation, type Screen } from './stores/navigation';
import { useAccount } from './stores/account';
import { useClerk } from './stores/clerk';
import { useHelp } from './stores/help';
import { useSyncDetails } from './stores/syncDetails';
import { ApiErrorBanner } from './ui/ApiErrorBanner';

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'home':
      return <HomeScreen />;
    case 'services':
      return <ServicesScreen categoryId={screen.categoryId} />;
    case 'service':
      return <ServiceScreen serviceId={screen.serviceId} />;
    case 'sampleForm':
      return <SampleFormScreen serviceId={screen.serviceId} />;
    case 'form':
      return <FormScreen />;
    case 'review':
      return <ReviewScreen />;
    case 'receipt':
      return <ReceiptScreen />;
    case 'resume':
      return <ResumeScreen />;
    case 'resumeTicket':
      return <ResumeTicketScreen ticket={screen.ticket} />;
    case 'status':
      return <StatusScreen />;
    case 'login':
      return <LoginScreen />;
    case 'restoreAccount':
      return <RestoreAccountScreen />;
    case 'register':
      return <RegisterScreen />;
    case 'newTerms':
      return <NewTermsScreen />;
    case 'cabinet':
      return <CabinetScreen message={screen.message} />;
    case 'cabinetApplication':
      return <CabinetApplicationScreen applicationId={screen.applicationId} />;
    case 'changePassword':
      return <ChangePasswordScreen />;
    case 'reportMisuse':
      return <ReportMisuseScreen />;
    case 'misuseReported':
      return <MisuseReportedScreen />;
    case 'deleteAccount':
      return <DeleteAccountScreen />;
    case 'accountDeleted':
      return <AccountDeletedScreen restoreUntil={screen.restoreUntil} />;
    case 'draftSavedToAccount':
      return <DraftSavedScreen withoutFiles={screen.withoutFiles} />;
  }
}

type Startup = { phase: 'loading' } | { phase: 'ready' } | { phase: 'failed'; code: ApiErrorCode };

export function App() {
  const { t } = useTranslation();
  const [startup, setStartup] = useState<Startup>({ phase: 'loading' });
  const account = useAccount((s) => s.state);
  const leavingAccount = useAccount((s) => s.leaving);
  const screen = guardedScreen(useNavigation((s) => s.screen), account, leavingAccount);
  const visit = useNavigation((s) => s.visit);
  const warning = useIdle((s) => s.warningDeadline !== null);
  const leaving = useLeave((s) => s.open);
  const syncDetailsOpen = useSyncDetails((s) => s.open);
  const clerkScreen = useClerk((s) => s.screen);
  const helpOpen = useHelp((s) => s.open);

  const start = useCallback(() => {
    setStartup({ phase: 'loading' });
    startKiosk().then(
      () => setStartup({ phase: 'ready' }),
      (error: unknown) => setStartup({ phase: 'failed', code: errorCodeOf(error) }),
    );
  }, []);

  useEffect(() => {
    start();
    return listenToKiosk();
  }, [start]);

  useEffect(() => {
    document.title = t('app.title');
  });

  if (startup.phase !== 'ready') {
    return (
      <main className="startup">
        {startup.phase === 'loading' ? (
          <p className="startup__text" role="status">
            {t('app.loading')}
          </p>
        ) : (
          <div className="startup__failed" role="alert">
            <h1 className="heading-l">{t('app.loadFailed')}</h1>
            <p>{t(`errors.api.${startup.code}`)}</p>
            <button type="button" className="button button--primary" onClick={start}>
              {t('app.retry')}
            </button>
          </div>
        )}
      </main>
    );
  }

  return (
    <>
      <div className="app" inert={warning || leaving || syncDetailsOpen || helpOpen}>
        {clerkScreen ? (
          <ClerkMode screen={clerkScreen} />
        ) : (
          <>
            <Header />
            <AssistBanner />
            <main className="main" id="main">
              <div className="container">
                <RevokedBanner />
                <ApiErrorBanner />
                <CurrentScreen key={visit} screen={screen} />
              </div>
            </main>
          </>
        )}
        <OnScreenKeyboard />
        <ClerkEntry />
      </div>
      <LeaveDialog />
      <SyncDetailsDialog />
      <HelpDialog />
      <IdleWarning />
    </>
  );
}
