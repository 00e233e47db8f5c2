/**
 * IPC channel names, shared by the preload and the main side so a renamed
 * channel fails on both. These two are the only channels the app uses.
 */
export const CALL_CHANNEL = 'kiosk:call';
export const EVENT_CHANNEL = 'kiosk:event';
