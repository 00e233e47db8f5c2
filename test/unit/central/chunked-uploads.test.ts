import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, MAX_CHUNK_BYTES } from '../../../src-central/attachments/routes';
import { attachmentsDirOf } from '../../../src-central/attachments/store';
import { partPathOf } from '../../../src-central/attachments/uploads';
import {
  ATTACHMENT_CHUNK_BYTES,
  ATTACHMENT_SIZE_HEADER,
  AttachmentCheckResponse,
  AttachmentChunkResponse,
  attachmentPath,
} from '../../../src-shared/sync/wire';
import { signRequest } from '../../../src-main/core/sync/signer';
import { TestCentral, type TestKiosk, answerVerifies } from './harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const attachmentsDir = () => attachmentsDirOf(central.dbPath);

/** A file of about two and a half chunks. */
function aFile(size = 2 * ATTACHMENT_CHUNK_BYTES + 123_457): { bytes: Buffer; sha: string } {
  const bytes = randomBytes(size);
  return { bytes, sha: sha256(bytes) };
}

function putChunk(file: { bytes: Buffer; sha: string }, offset: number, end = offset + ATTACHMENT_CHUNK_BYTES, by = kiosk) {
  const chunk = file.bytes.subarray(offset, Math.min(end, file.bytes.length));
  return central.putSigned(by, attachmentPath(file.sha, offset), chunk, { [ATTACHMENT_SIZE_HEADER]: String(file.bytes.length) });
}

async function check(shas: string[], by = kiosk): Promise<AttachmentCheckResponse> {
  const response = await central.postSigned(by, JSON.stringify({ sha256: shas }), { path: '/v1/attachments/check' });
  expect(response.statusCode).toBe(200);
  return AttachmentCheckResponse.parse(response.json());
}

function heldRows(sha: string): unknown[] {
  return central.db.prepare('SELECT sha256, size, kiosk_id FROM attachments WHERE sha256 = ?').all(sha);
}

function partFiles(): string[] {
  return existsSync(attachmentsDir()) ? readdirSync(attachmentsDir()).filter((name) => name.endsWith('.part')) : [];
}

/** Sends a chunk over a real connection and breaks it off halfway through the body, as a dropped link would. */
async function breakOffChunk(base: string, file: { bytes: Buffer; sha: string }, offset: number): Promise<void> {
  const chunk = file.bytes.subarray(offset, offset + ATTACHMENT_CHUNK_BYTES);
  const path = attachmentPath(file.sha, offset);
  const headers = signRequest({
    kioskId: kiosk.id,
    privateKey: kiosk.keys.privateKey,
    method: 'PUT',
    path,
    body: chunk,
    time: central.now(),
    nonce: `broken-${offset}-${randomBytes(4).toString('hex')}`,
  });
  const { port, hostname } = new URL(base);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const head = [
    `PUT ${path} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    'content-type: application/octet-stream',
    `content-length: ${chunk.length}`,
    `${ATTACHMENT_SIZE_HEADER}: ${file.bytes.length}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  await new Promise<void>((resolve) => socket.write(head, () => resolve()));
  await new Promise<void>((resolve) => socket.write(chunk.subarray(0, chunk.length / 2), () => resolve()));
  socket.destroy();
}

describe('chunked attachment uploads', () => {
  it('takes a file in chunks, answers what it holds after each, and keeps it once whole', async () => {
    const file = aFile();
    expect(await check([file.sha])).toEqual({ missing: [file.sha], received: {} });

    const answers = [];
    for (let offset = 0; offset < file.bytes.length; offset += ATTACHMENT_CHUNK_BYTES) {
      const response = await putChunk(file, offset);
      expect(response.statusCode).toBe(200);
      answers.push(AttachmentChunkResponse.parse(response.json()));
      if (offset === 0) expect(await check([file.sha])).toEqual({ missing: [file.sha], received: { [file.sha]: ATTACHMENT_CHUNK_BYTES } });
    }
    expect(answers).toEqual([
      { sha256: file.sha, received: ATTACHMENT_CHUNK_BYTES, complete: false },
      { sha256: file.sha, received: 2 * ATTACHMENT_CHUNK_BYTES, complete: false },
      { sha256: file.sha, received: file.bytes.length, complete: true },
    ]);
    expect(readFileSync(join(attachmentsDir(), file.sha)).equals(file.bytes)).toBe(true);
    expect(heldRows(file.sha)).toEqual([{ sha256: file.sha, size: file.bytes.length, kiosk_id: kiosk.id }]);
    expect(partFiles()).toEqual([]);
    expect(await check([file.sha])).toEqual({ missing: [], received: {} });
  });

  it('answers a file already held as complete at once, whatever offset is asked', async () => {
    const file = aFile(1000);
    expect((await putChunk(file, 0)).json()).toEqual({ sha256: file.sha, received: 1000, complete: true });
    const again = await putChunk(file, 0);
    expect(again.json()).toEqual({ sha256: file.sha, received: 1000, complete: true });
    const whole = await central.putSigned(kiosk, attachmentPath(file.sha), file.bytes);
    expect(whole.json()).toEqual({ sha256: file.sha, size: 1000 });
    expect(heldRows(file.sha)).toHaveLength(1);
  });

  it('resumes after a chunk broken off in transit: nothing of it was kept, and the rest follows', async () => {
    const file = aFile();
    const base = await central.listen();
    expect((await putChunk(file, 0)).statusCode).toBe(200);
    await breakOffChunk(base, file, ATTACHMENT_CHUNK_BYTES);
    // The service answers what it holds; the broken chunk added nothing.
    expect((await check([file.sha])).received).toEqual({ [file.sha]: ATTACHMENT_CHUNK_BYTES });
    for (let offset = ATTACHMENT_CHUNK_BYTES; offset < file.bytes.length; offset += ATTACHMENT_CHUNK_BYTES) {
      expect((await putChunk(file, offset)).statusCode).toBe(200);
    }
    expect(readFileSync(join(attachmentsDir(), file.sha)).equals(file.bytes)).toBe(true);
  });

  it('finishes a part that was whole when the service stopped, on an empty chunk at its end', async () => {
    const file = aFile();
    // The last chunk was written and fsynced, then the process died before the rename.
    mkdirSync(attachmentsDir(), { recursive: true });
    writeFileSync(partPathOf(attachmentsDir(), file.sha, kiosk.id), file.bytes);
    expect(await check([file.sha])).toEqual({ missing: [file.sha], received: { [file.sha]: file.bytes.length } });
    const finish = await central.putSigned(kiosk, attachmentPath(file.sha, file.bytes.length), Buffer.alloc(0), {
      [ATTACHMENT_SIZE_HEADER]: String(file.bytes.length),
    });
    expect(finish.json()).toEqual({ sha256: file.sha, received: file.bytes.length, complete: true });
    expect(readFileSync(join(attachmentsDir(), file.sha)).equals(file.bytes)).toBe(true);
    expect(heldRows(file.sha)).toHaveLength(1);
    // An empty chunk anywhere else is a mistake.
    const other = aFile(10);
    const empty = await central.putSigned(kiosk, attachmentPath(other.sha, 0), Buffer.alloc(0), { [ATTACHMENT_SIZE_HEADER]: '10' });
    expect(empty.json()).toEqual({ error: 'request.invalid' });
  });

  it('refuses a chunk at another offset than it holds with 409 and what it holds, signed', async () => {
    const file = aFile();
    await putChunk(file, 0);
    // A chunk whose answer was lost is sent again: the service already has it.
    const resent = await putChunk(file, 0);
    expect(resent.statusCode).toBe(409);
    expect(resent.json()).toEqual({ error: 'attachment.offset', received: ATTACHMENT_CHUNK_BYTES });
    const skipping = await putChunk(file, 2 * ATTACHMENT_CHUNK_BYTES);
    expect(skipping.statusCode).toBe(409);
    expect(skipping.json()).toEqual({ error: 'attachment.offset', received: ATTACHMENT_CHUNK_BYTES });
    const nonce = 'offset-nonce-0001';
    const chunk = file.bytes.subarray(0, 10);
    const path = attachmentPath(file.sha, 5);
    const signed = central.signedHeaders(kiosk, { method: 'PUT', path, body: chunk, nonce });
    const refused = await central.app.inject({
      method: 'PUT',
      url: path,
      headers: { 'content-type': 'application/octet-stream', [ATTACHMENT_SIZE_HEADER]: String(file.bytes.length), ...signed.headers },
      payload: chunk,
    });
    expect(refused.statusCode).toBe(409);
    const answer = { status: refused.statusCode, headers: refused.headers, body: refused.rawPayload };
    expect(answerVerifies(kiosk.servicePublicKey!, { kioskId: kiosk.id, method: 'PUT', path, nonce }, answer)).toBe(true);
    // The upload goes on from what the refusal said.
    expect((await putChunk(file, ATTACHMENT_CHUNK_BYTES)).json()).toMatchObject({ received: 2 * ATTACHMENT_CHUNK_BYTES });
  });

  it('drops a part whose bytes do not hash to the name (400), and the upload starts again', async () => {
    const file = aFile();
    const wrong = { bytes: Buffer.from(file.bytes), sha: file.sha };
    wrong.bytes[ATTACHMENT_CHUNK_BYTES + 5] = wrong.bytes[ATTACHMENT_CHUNK_BYTES + 5]! ^ 0xff;
    await putChunk(wrong, 0);
    await putChunk(wrong, ATTACHMENT_CHUNK_BYTES);
    const last = await putChunk(wrong, 2 * ATTACHMENT_CHUNK_BYTES);
    expect(last.statusCode).toBe(400);
    expect(last.json()).toEqual({ error: 'attachment.hashMismatch' });
    expect(heldRows(file.sha)).toEqual([]);
    expect(existsSync(join(attachmentsDir(), file.sha))).toBe(false);
    expect(partFiles()).toEqual([]);
    expect(await check([file.sha])).toEqual({ missing: [file.sha], received: {} });
    for (let offset = 0; offset < file.bytes.length; offset += ATTACHMENT_CHUNK_BYTES) await putChunk(file, offset);
    expect(readFileSync(join(attachmentsDir(), file.sha)).equals(file.bytes)).toBe(true);
  });

  it('refuses a file over the limit, a chunk over the chunk size, a chunk past the size and a missing size', async () => {
    const file = aFile(ATTACHMENT_CHUNK_BYTES);
    const tooBig = await central.putSigned(kiosk, attachmentPath(file.sha, 0), file.bytes, {
      [ATTACHMENT_SIZE_HEADER]: String(MAX_ATTACHMENT_BYTES + 1),
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toEqual({ error: 'request.tooLarge' });

    const big = aFile(MAX_CHUNK_BYTES + 1);
    const bigChunk = await central.putSigned(kiosk, attachmentPath(big.sha, 0), big.bytes, {
      [ATTACHMENT_SIZE_HEADER]: String(big.bytes.length),
    });
    expect(bigChunk.statusCode).toBe(413);
    expect(bigChunk.json()).toEqual({ error: 'request.tooLarge' });

    const past = await central.putSigned(kiosk, attachmentPath(file.sha, 0), file.bytes, { [ATTACHMENT_SIZE_HEADER]: '1000' });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toEqual({ error: 'request.invalid' });

    const noSize = await central.putSigned(kiosk, attachmentPath(file.sha, 0), file.bytes);
    expect(noSize.json()).toEqual({ error: 'request.invalid' });
    const badOffset = await central.putSigned(kiosk, `/v1/attachments/${file.sha}?offset=-1`, file.bytes, {
      [ATTACHMENT_SIZE_HEADER]: String(file.bytes.length),
    });
    expect(badOffset.json()).toEqual({ error: 'request.invalid' });
    expect(partFiles()).toEqual([]);
    expect(heldRows(file.sha)).toEqual([]);
  });

  it('takes the same file from two kiosks at once over real HTTP: each its own part, one file, intact', async () => {
    const other = await central.enroll();
    const base = await central.listen();
    const file = aFile(3 * ATTACHMENT_CHUNK_BYTES + 77);
    const upload = async (by: TestKiosk) => {
      const answers: AttachmentChunkResponse[] = [];
      for (let offset = 0; offset < file.bytes.length; ) {
        const chunk = file.bytes.subarray(offset, offset + ATTACHMENT_CHUNK_BYTES);
        const path = attachmentPath(file.sha, offset);
        const { headers } = central.signedHeaders(by, { method: 'PUT', path, body: chunk });
        const response = await fetch(`${base}${path}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream', [ATTACHMENT_SIZE_HEADER]: String(file.bytes.length), ...headers },
          body: chunk,
        });
        expect(response.status).toBe(200);
        const answer = AttachmentChunkResponse.parse(await response.json());
        answers.push(answer);
        if (answer.complete) break;
        offset = answer.received;
      }
      return answers;
    };
    const [first, second] = await Promise.all([upload(kiosk), upload(other)]);
    expect(first!.at(-1)).toEqual({ sha256: file.sha, received: file.bytes.length, complete: true });
    expect(second!.at(-1)).toEqual({ sha256: file.sha, received: file.bytes.length, complete: true });
    expect(readFileSync(join(attachmentsDir(), file.sha)).equals(file.bytes)).toBe(true);
    expect(heldRows(file.sha)).toHaveLength(1);
    expect(partFiles()).toEqual([]);
  });

  it('writes a chunk sent twice at once by one kiosk only once', async () => {
    const file = aFile();
    const answers = await Promise.all([putChunk(file, 0), putChunk(file, 0)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.map((a) => a.json().received)).toEqual([ATTACHMENT_CHUNK_BYTES, ATTACHMENT_CHUNK_BYTES]);
    await putChunk(file, ATTACHMENT_CHUNK_BYTES);
    await putChunk(file, 2 * ATTACHMENT_CHUNK_BYTES);
    expect(readFileSync(join(attachmentsDir(), file.sha)).equals(file.bytes)).toBe(true);
  });

  it('still takes a whole file in one PUT without offset, and refuses one whose bytes do not match', async () => {
    const file = aFile(5000);
    const stored = await central.putSigned(kiosk, attachmentPath(file.sha), file.bytes);
    expect(stored.json()).toEqual({ sha256: file.sha, size: 5000 });
    const other = aFile(5000);
    const mismatch = await central.putSigned(kiosk, attachmentPath(other.sha), file.bytes);
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json()).toEqual({ error: 'attachment.hashMismatch' });
  });
});
