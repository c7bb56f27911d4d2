import crypto from 'node:crypto';

/** SHA-256 by Node's crypto: the same digest as shared/review/sha256.ts, some twenty times faster on a package. */
export function nodeSha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
