/** The hash an install records per file (overlay.ts) and checks against a wiki's (wiki-folder.ts). */
import { createHash } from 'crypto';

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}
