import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { KioskEvent } from '../../src-shared/contract';
import { dispatchCall } from '../core/dispatch';
import type { Core } from '../core/types';
import { isTrustedCallSender } from './common/app-origin';
import { CALL_CHANNEL, EVENT_CHANNEL } from './common/channels';

type Log = (event: string, fields?: Record<string, string>) => void;

/**
 * The main side of the contract: one handler, accepting calls only from the
 * kiosk window's top frame at the app origin, passing everything else to the
 * same `dispatchCall` the browser shell uses. Core events go to that window.
 * Returns a function that undoes both.
 */
export function connectKioskIpc(core: Core, window: BrowserWindow, log: Log): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    if (!isFromKioskApp(event, window)) {
      log('ipc.senderRefused');
      throw new Error('kiosk.senderRefused');
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'method.unknown' } };
    return dispatchCall(core, method, input, log);
  });

  const unsubscribe = core.onEvent((kioskEvent: KioskEvent) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(EVENT_CHANNEL, kioskEvent);
  });

  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    unsubscribe();
  };
}

function isFromKioskApp(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  const contents = window.isDestroyed() ? null : window.webContents;
  return isTrustedCallSender({
    fromKioskWindow: contents !== null && event.sender === contents,
    isMainFrame: frame !== null && contents !== null && frame === contents.mainFrame && frame.parent === null,
    frameUrl: frame?.url ?? null,
  });
}
