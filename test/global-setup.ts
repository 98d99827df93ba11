import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests that run whole experiments write inside the project (reports outside it are refused by
 * design), into temporary folders under scratch/ — git-ignored, so absent on a fresh clone.
 */
export default function setup(): void {
  mkdirSync(join(process.cwd(), 'scratch'), { recursive: true });
}
