import { readFileSync } from 'node:fs';
import type { CentralDatabase } from '../database';
import { type PublishOutcome, publishCatalog } from './versions';

export type PublishFileOutcome = PublishOutcome | { ok: false; code: 'catalog.unreadable'; issues: string[] };

/** What `cli.js publish-catalog --file PATH` does: read, validate, refuse or publish. */
export function publishCatalogFile(db: CentralDatabase, path: string, now: Date): PublishFileOutcome {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not valid JSON' : 'cannot be read';
    return { ok: false, code: 'catalog.unreadable', issues: [`${path} ${reason}`] };
  }
  return publishCatalog(db, json, now);
}

/** The operator's lines for an outcome: what was published, or why not. */
export function describePublishOutcome(outcome: PublishFileOutcome): string[] {
  if (outcome.ok) return [`published catalog ${outcome.version} (sha256 ${outcome.sha256}, feed ${outcome.feedSeq})`];
  if (outcome.code === 'catalog.notNewer') {
    return [`refused: not newer than the latest published catalog ${outcome.latest} (compare publishedAt, then version)`];
  }
  return [`refused (${outcome.code}):`, ...outcome.issues.map((issue) => `  ${issue}`)];
}
