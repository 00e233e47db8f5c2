import { createHash } from 'node:crypto';

/** SHA-256 as lower-case hex: catalog versions and attachments are named by it. */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
