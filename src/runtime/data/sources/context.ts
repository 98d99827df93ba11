/** What every source loader receives besides its source. */
import { isAbsolute, resolve } from 'node:path';
import type { ResolveOptions } from '../resolve.ts';

export interface SourceContext {
  /** folder that relative paths resolve against (the spec's folder; cwd by default) */
  baseDir: string;
  /** the reference string recorded in the metadata */
  ref: string;
  /** catalog resolution options (download on/off, env, fetch) */
  resolve: ResolveOptions;
  /** metadata: decode every image of a folder, not a bounded sample (`augc data describe --all-images`) */
  verifyAll?: boolean;
}

/** A user path resolved against the context's base folder. */
export function userPath(ctx: SourceContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.baseDir, path);
}
