// Entry of a pool worker (worker-pool.ts). Plain JavaScript so Node can start it without a
// loader: it registers tsx in this thread, then loads the TypeScript worker loop.
import { register } from 'tsx/esm/api';

register();
await import('./worker-loop.ts');
