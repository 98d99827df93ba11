import { readFileSync } from 'node:fs';

/** The augc version, read once from package.json so there is one source of truth. */
export const AUGC_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
