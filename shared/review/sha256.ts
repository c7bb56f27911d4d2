import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * SHA-256 of a string's UTF-8 bytes, as 64 lower-case hex digits, by @noble/hashes (audited, no
 * dependencies, runs anywhere), so that `shared/` can fingerprint figures in the renderer, a worker
 * or the CLI without Node's crypto or the DOM's async SubtleCrypto. test/unit/review.test.ts checks
 * it against Node's.
 */
export function sha256Hex(text: string): string {
  // TextEncoder turns a lone surrogate into U+FFFD, as Node's crypto does for a string.
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}
