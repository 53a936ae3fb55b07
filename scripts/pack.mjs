// Packs every published package with `pnpm pack` into DIR (default: a new temp dir) and
// writes DIR/tarballs.json; the other packaging scripts reuse it with `--packed DIR`.
//
//   node scripts/pack.mjs [DIR]
import { resolve } from 'node:path';
import { makeTempDir, packAll } from './lib/packages.mjs';

const destination = process.argv[2] ? resolve(process.argv[2]) : makeTempDir('packed');
const tarballs = packAll(destination);
for (const [name, file] of tarballs) console.log(`${name}\t${file}`);
console.log(`packed ${tarballs.size} packages into ${destination}`);
