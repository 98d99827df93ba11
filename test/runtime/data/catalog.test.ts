import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CATALOG,
  cacheDir,
  contentSha256,
  findCatalogEntry,
  PROBEN1_DOWNLOADABLE,
  formatDataRef,
  parseDataRef,
  resolveDataFile,
  type CatalogFile,
} from '../../../src/runtime/data/index.ts';
import { removeTempFolders, tempFolder } from '../../fixtures/data/make-fixtures.ts';

afterAll(removeTempFolders);

const GOOD = Buffer.from('bool_in=0\nreal_in=1\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('catalog resolution: AUGC_DATA_PATH, cache, checked download', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/good.dt') res.end(GOOD);
      else if (req.url === '/tampered.dt') res.end(Buffer.from('bool_in=9\n'));
      else if (req.url === '/data.gz') res.end(gzipSync(GOOD, { level: 1 }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  const file = (name: string, url: string, hash = sha(GOOD)): CatalogFile => ({
    relPath: `sets/${name}`,
    url: `${base}/${url}`,
    sha256: hash,
  });

  it('finds a file in the second AUGC_DATA_PATH folder before the cache', async () => {
    const [a, b, cache] = [tempFolder(), tempFolder(), tempFolder()];
    mkdirSync(join(b, 'sets'));
    writeFileSync(join(b, 'sets', 'x.dt'), GOOD);
    mkdirSync(join(cache, 'augc', 'sets'), { recursive: true });
    writeFileSync(join(cache, 'augc', 'sets', 'x.dt'), GOOD);
    const env = { AUGC_DATA_PATH: `${a}::${b}`, XDG_CACHE_HOME: cache };
    expect(await resolveDataFile(file('x.dt', 'good.dt'), { env })).toBe(join(b, 'sets', 'x.dt'));
    expect(await resolveDataFile(file('x.dt', 'good.dt'), { env: { XDG_CACHE_HOME: cache } })).toBe(join(cache, 'augc', 'sets', 'x.dt'));
    expect(cacheDir({ HOME: '/home/u' })).toMatch(/\.cache\/augc$/);
  });

  it('a download whose SHA-256 does not match is an error and is not saved', async () => {
    const cache = tempFolder();
    const before = requests.length;
    const err = await resolveDataFile(file('t.dt', 'tampered.dt'), { env: { XDG_CACHE_HOME: cache } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(
      `its SHA-256 is ${sha(Buffer.from('bool_in=9\n'))}, not the catalog's ${sha(GOOD)}; the file was not saved`,
    );
    expect((err as Error).message).toContain("Looked for 'sets/t.dt' in:");
    expect(requests.length).toBe(before + 1);
    expect(existsSync(join(cache, 'augc', 'sets', 't.dt'))).toBe(false);
  });

  it('a matching download lands in the cache and is found there next time without a request', async () => {
    const cache = tempFolder();
    const path = await resolveDataFile(file('g.dt', 'good.dt'), { env: { XDG_CACHE_HOME: cache } });
    expect(path).toBe(join(cache, 'augc', 'sets', 'g.dt'));
    expect(readFileSync(path)).toEqual(GOOD);
    const count = requests.length;
    expect(await resolveDataFile(file('g.dt', 'good.dt'), { env: { XDG_CACHE_HOME: cache } })).toBe(path);
    expect(requests.length).toBe(count);
  });

  it('checks a .gz file by its uncompressed bytes', async () => {
    expect(contentSha256(gzipSync(GOOD, { level: 9 }), 'a.gz')).toBe(sha(GOOD));
    const path = await resolveDataFile(file('d.gz', 'data.gz'), { env: { XDG_CACHE_HOME: tempFolder() } });
    expect(path.endsWith('sets/d.gz')).toBe(true);
  });

  it('offline or unreachable: says where it looked and how to provide the file', async () => {
    const env = { AUGC_DATA_PATH: '/nowhere/a', XDG_CACHE_HOME: '/nowhere/cache', AUGC_OFFLINE: '1' };
    await expect(resolveDataFile(file('o.dt', 'good.dt'), { env })).rejects.toThrow(
      /not found\. Looked for 'sets\/o\.dt' in: \/nowhere\/a\/sets\/o\.dt, \/nowhere\/cache\/augc\/sets\/o\.dt; downloads are off\. Put the file in a folder listed in AUGC_DATA_PATH/,
    );
    await expect(resolveDataFile(file('m.dt', 'missing.dt'), { env: { XDG_CACHE_HOME: tempFolder() } })).rejects.toThrow(
      /Could not download .*missing\.dt' \(HTTP 404\)/,
    );
  });
});

describe('catalog and references', () => {
  it('names mnist, fashion-mnist and iris; PROBEN1 entries exist only for the verifiable downloads', () => {
    expect(CATALOG.map((e) => e.name)).toEqual(['mnist', 'fashion-mnist', 'iris']);
    expect(PROBEN1_DOWNLOADABLE).toEqual(['card', 'diabetes', 'gene', 'glass', 'horse', 'thyroid']);
    expect(findCatalogEntry('proben1:glass')?.files.map((f) => f.relPath)).toEqual([
      'proben1/glass/glass1.dt',
      'proben1/glass/glass2.dt',
      'proben1/glass/glass3.dt',
    ]);
    expect(findCatalogEntry('cancer')).toBeUndefined();
    const files = [...CATALOG, ...PROBEN1_DOWNLOADABLE.map((n) => findCatalogEntry(n)!)].flatMap((e) => e.files);
    expect(files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
  });

  it('parses every reference form and prints it back', () => {
    const refs: [string, unknown][] = [
      ['proben1:thyroid', { kind: 'proben1', name: 'thyroid', permutation: 1 }],
      ['proben1:thyroid:2', { kind: 'proben1', name: 'thyroid', permutation: 2 }],
      ['proben1:heartc:3', { kind: 'proben1', name: 'heartc', permutation: 3 }],
      ['proben1:data/cancer2.dt', { kind: 'proben1', name: 'cancer', permutation: 2, path: 'data/cancer2.dt' }],
      ['mnist', { kind: 'mnist' }],
      ['fashion-mnist', { kind: 'fashion_mnist' }],
      ['iris', { kind: 'iris' }],
      ['idx:a.gz,b.gz', { kind: 'idx', images: 'a.gz', labels: 'b.gz' }],
      ['images:./shapes', { kind: 'images', dir: './shapes' }],
    ];
    for (const [ref, source] of refs) {
      expect(parseDataRef(ref)).toEqual(source);
      expect(formatDataRef(parseDataRef(ref))).toBe(ref);
    }
    expect(parseDataRef('proben1:cancer2')).toEqual({ kind: 'proben1', name: 'cancer', permutation: 2 });
    expect(() => parseDataRef('proben1:cancer2:3')).toThrow("Bad PROBEN1 set name in 'proben1:cancer2:3'");
    expect(() => parseDataRef('proben1:two words')).toThrow('Bad PROBEN1 set name');
    expect(() => parseDataRef('proben1:gene:4')).toThrow('it is 1, 2 or 3');
    expect(() => parseDataRef('idx:only-one')).toThrow('idx needs two files');
    expect(() => parseDataRef('cifar')).toThrow("Unknown data reference 'cifar'");
  });
});
