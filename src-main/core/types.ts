import type { KioskApi, KioskEvent, OutboxItem } from '../../src-shared/contract';
import type { Schedule } from './sync/pacing';

/**
 * Everything the core needs from the outside world is passed in, so tests
 * control time, randomness and the network without mocking modules.
 */
export interface CoreOptions {
  /** Folder of the kiosk's SQLite database (created if missing). */
  dataDir: string;
  /** The catalog snapshot bundled in assets/, used until a newer one is fetched. */
  catalogSnapshotPath: string;
  /** Base URL of the central service, e.g. http://127.0.0.1:8700; null: never sync. */
  centralUrl: string | null;
  terminalName?: string;
  idleSeconds?: number;
  idleWarningSeconds?: number;
  clock?: () => Date;
  randomBytes?: (size: number) => Buffer;
  fetch?: typeof globalThis.fetch;
  /** Milliseconds between sync attempts while all is well (default 30 s). */
  syncIntervalMs?: number;
  /** The longest wait between attempts while the central service is out of reach (default 5 min). */
  maxBackoffMs?: number;
  /**
   * Sets the sync's timer (default: `setTimeout`, not keeping the process
   * alive). Tests pass one they fire by hand, so backoff and the probe are
   * checked without waiting.
   */
  syncSchedule?: Schedule;
  /**
   * Sends a PDF to the kiosk's printer: 'printed' once the printer took it,
   * 'saved' when there is none (the shell keeps the file for a clerk).
   * Without it, the core saves every printout in `<dataDir>/printouts/`.
   */
  printPdf?: (pdf: Buffer, job: PrintJob) => Promise<'printed' | 'saved'>;
  /**
   * Where the shell's printer saves what it could not print (default
   * `<dataDir>/printouts`); the retention purge clears it like the rest.
   */
  printoutsDir?: string;
  /** node_modules/@fontsource/noto-sans, whose WOFF files are embedded in printouts (default: under the working directory). */
  notoSansDir?: string;
  /**
   * The built core worker (dist/core/worker.js): PDF layout and attachment
   * decoding run there, off the main thread. Without it they run in process.
   */
  workerPath?: string;
  /** The folder the kiosk's scanner writes scans to; without it, "add from the scanner" is not offered. */
  scannerDir?: string;
  /** The largest attachment, in bytes (default 10 MiB). */
  attachmentMaxBytes?: number;
  /** The most pixels an attached image may decode to (default 40 megapixels). */
  attachmentMaxPixels?: number;
  /**
   * Days a draft is kept after its last change (default 30); then it is
   * deleted for good with its files. Operator's setting.
   */
  draftRetentionDays?: number;
  /**
   * Days after the central service accepted an application that its answers
   * and files stay on the kiosk (default 7); then they are removed and only
   * number, lookup code, service, dates, price, term and statuses stay.
   * Waiting, rejected and conflicting applications are never purged.
   */
  applicationRetentionDays?: number;
  /**
   * An admin left kiosk mode for maintenance (`exitKioskMode`): the Electron
   * shell shows the desktop, the browser shell closes its browser and stops.
   */
  onMaintenanceExit?: () => void;
  /** Log lines carry codes and ids, never personal data. */
  log?: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

/** A sheet in millimetres: receipts are 80 mm wide and as long as their content. */
export interface PaperSize {
  widthMm: number;
  heightMm: number;
}

export interface PrintJob {
  /** Names the job in the print queue and the saved file; never personal data or codes. */
  name: string;
  /** The roll's cut; without it, the printer's default paper (A4). */
  paper?: PaperSize;
}

export interface Core extends KioskApi {
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: KioskEvent) => void): () => void;
  /** Enrolls this kiosk with a one-time code made by the central service's admin CLI. */
  enroll(code: string): Promise<void>;
  isEnrolled(): boolean;
  /**
   * Runs the retention purge now (it also runs at start and every hour):
   * for tests, and for the clerk's screen later.
   */
  purgeNow(): { draftsDeleted: number; applicationsPurged: number; printoutsDeleted: number };
  /**
   * The outbox and "offer again" without a clerk's session: the contract's
   * `getOutbox` and `retryApplication` are clerk-only; these serve the
   * shell's own maintenance and tests of the outbox itself.
   */
  outbox(): { items: OutboxItem[] };
  offerAgain(applicationId: string): OutboxItem;
  /** Starts the background sync (timers); the core works without it. */
  startSync(): void;
  close(): Promise<void>;
}
