import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { zipFiles } from './zip.ts';

const python = spawnSync('python3', ['--version']).status === 0;

const FILES = { 'run.sh': '#!/usr/bin/env bash\necho hi\n', 'recipes/wanda_s0.5.yaml': 'a: 1\n', 'tasks/kick/ü.yaml': 'é\n', 'empty.txt': '' };

describe('store-only zip', () => {
  test.skipIf(!python)(`Python's zipfile reads back every file, CRCs and the executable bit${python ? '' : ' [python3 not found]'}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kick-zip-'));
    const path = join(dir, 'x.zip');
    writeFileSync(path, zipFiles(FILES));
    const script = 'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: [z.read(i).decode("utf-8"), i.external_attr >> 16] for i in z.infolist()}))\n';
    const res = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    const read = JSON.parse(res.stdout) as Record<string, [string, number]>;
    expect(Object.fromEntries(Object.entries(read).map(([k, [text]]) => [k, text]))).toEqual(FILES);
    expect(read['run.sh'][1]).toBe(0o100755);
    expect(read['empty.txt'][1]).toBe(0o100644);
  });

  test('the same files give the same bytes; bad names are refused', () => {
    expect(zipFiles(FILES)).toEqual(zipFiles({ ...FILES }));
    expect(() => zipFiles({ '../x': '' })).toThrow(/relative path/);
    expect(() => zipFiles({ '/etc/x': '' })).toThrow(/relative path/);
  });
});
