#!/usr/bin/env node
// Entry point for `npx augc`: loads the TypeScript sources through tsx's ESM loader,
// so a fresh `npm ci` is enough to run the tool (no build step to forget).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
