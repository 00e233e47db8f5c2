import type { KioskApi, KioskEvent } from '../../src-shared/contract';

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
   * Sends a PDF to the kiosk's printer: 'printed' once the printer took it,
   * 'saved' when there is none (the shell keeps the file for a clerk).
   * Without it, the core saves every printout in `<dataDir>/printouts/`.
   */
  printPdf?: (pdf: Buffer, job: { name: string }) => Promise<'printed' | 'saved'>;
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
  /** Log lines carry codes and ids, never personal data. */
  log?: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

export interface Core extends KioskApi {
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: KioskEvent) => void): () => void;
  /** Enrolls this kiosk with a one-time code made by the central service's admin CLI. */
  enroll(code: string): Promise<void>;
  isEnrolled(): boolean;
  /** Starts the background sync (timers); the core works without it. */
  startSync(): void;
  close(): Promise<void>;
}
