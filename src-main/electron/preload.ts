import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CallResult, isMethodName, KioskEvent, type KioskBridge, type MethodName } from '../../src-shared/contract';
import { CALL_CHANNEL, EVENT_CHANNEL } from './common/channels';

/**
 * `window.kiosk`: two functions and nothing else. The renderer never sees
 * `ipcRenderer` or an IPC event object; results and events are checked
 * against the contract's schemas before they are handed over.
 */
const bridge = {
  async call(method: MethodName, input: unknown): Promise<CallResult> {
    if (typeof method !== 'string' || !isMethodName(method)) return { ok: false, error: { code: 'method.unknown' } };
    let reply: unknown;
    try {
      reply = await ipcRenderer.invoke(CALL_CHANNEL, method, input);
    } catch {
      return { ok: false, error: { code: 'internal' } };
    }
    const result = CallResult.safeParse(reply);
    return result.success ? result.data : { ok: false, error: { code: 'internal' } };
  },

  onEvent(listener: (event: KioskEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, payload: unknown) => {
      const parsed = KioskEvent.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} satisfies KioskBridge;

contextBridge.exposeInMainWorld('kiosk', bridge);
