#!/usr/bin/env node
// Regenerates test/vectors/merkle/*.json from a local mirror of github.com/transparency-dev/merkle
// (testdata/inclusion, testdata/consistency and the reference tree in testonly/constants.go).
// Usage: node test/vectors/regen-merkle.mjs /path/to/merkle.git [commit]
// Only data is extracted; no code is copied. Leaf indices beyond 2^53 are kept as decimal strings.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [repo, commit = 'HEAD'] = process.argv.slice(2);
if (!repo) { console.error('usage: regen-merkle.mjs GIT_DIR [COMMIT]'); process.exit(2); }
const git = (...args) => execFileSync('git', ['--git-dir', repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
const rev = git('rev-parse', commit).trim();
const out = join(dirname(fileURLToPath(import.meta.url)), 'merkle');
mkdirSync(out, { recursive: true });

const bigSafe = (text) => text.replace(/("(?:leafIdx|treeSize|size1|size2)":\s*)(\d{16,})/g, (m, k, n) =>
  BigInt(n) > BigInt(Number.MAX_SAFE_INTEGER) ? `${k}"${n}"` : m);

function cases(dir) {
  const files = git('ls-tree', '-r', '--name-only', rev, dir).split('\n').filter((f) => f.endsWith('.json')).sort();
  return files.map((f) => ({ file: f.slice('testdata/'.length), ...JSON.parse(bigSafe(git('show', `${rev}:${f}`))) }));
}

const source = { repository: 'https://github.com/transparency-dev/merkle', commit: rev };
writeFileSync(join(out, 'inclusion.json'), JSON.stringify({ source, cases: cases('testdata/inclusion') }, null, 1) + '\n');
writeFileSync(join(out, 'consistency.json'), JSON.stringify({ source, cases: cases('testdata/consistency') }, null, 1) + '\n');

// Reference tree: leaf inputs and root hashes per size (testonly/constants.go), as data.
const constants = git('show', `${rev}:testonly/constants.go`);
const section = (name) => constants.slice(constants.indexOf(`func ${name}(`)).split('\n}\n')[0];
const hexes = (s) => [...s.matchAll(/hd\("([0-9a-f]*)"\)/g)].map((m) => m[1]);
const leaves = hexes(section('LeafInputs'));
const roots = hexes(section('RootHashes'));
const empty = hexes(section('EmptyRootHash'))[0];
const nodeLevels = section('NodeHashes').split('}, {').map(hexes);
writeFileSync(join(out, 'reference-tree.json'), JSON.stringify({
  source, description: 'RFC 6962/9162 SHA-256 tree over leafInputs; rootHashes[n] is MTH of the first n leaves; nodeHashes[level][index] are complete subtrees',
  leafInputs: leaves, rootHashes: [empty, ...roots.filter((r) => r !== undefined)], nodeHashes: nodeLevels,
}, null, 1) + '\n');
console.log(`wrote ${out} from ${rev}`);
