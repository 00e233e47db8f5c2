import { isMethodName, kioskMethods, type CallResult, type MethodName } from '../../src-shared/contract';
import { KioskError } from '../../src-shared/errors';
import type { Core } from './types';

/**
 * The one entry both shells use: the renderer is untrusted, so the method
 * name and the input are checked here against the contract before the core
 * sees them, and the output is checked before it leaves. Only typed error
 * codes go back; details stay in the log.
 */
export async function dispatchCall(
  core: Core,
  method: string,
  input: unknown,
  log: (event: string, fields?: Record<string, string>) => void = () => {},
): Promise<CallResult> {
  if (!isMethodName(method)) return { ok: false, error: { code: 'method.unknown' } };
  const schema = kioskMethods[method];
  const parsed = schema.input.safeParse(input ?? {});
  if (!parsed.success) {
    log('call.inputInvalid', { method });
    return { ok: false, error: { code: 'input.invalid' } };
  }
  try {
    const call = core[method] as (arg: unknown) => Promise<unknown>;
    const value = await call.call(core, parsed.data);
    return { ok: true, value: schema.output.parse(value) };
  } catch (error) {
    if (error instanceof KioskError) return { ok: false, error: error.toApiError() };
    log('call.failed', { method: method satisfies MethodName, error: error instanceof Error ? error.name : 'unknown' });
    return { ok: false, error: { code: 'internal' } };
  }
}
