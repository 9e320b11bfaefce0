import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// The project's lint configuration, run on small files placed where the layering rules apply.
const PROBES: Record<string, string> = {
  'shared/schema/upward.ts': "import { a } from '../../client/session/api';\nexport const b = a;\n",
  'shared/toServer.ts': "import { a } from '../server/config';\nexport const b = a;\n",
  'client/session/toServer.ts': "import { a } from '../../server/config';\nexport const b = a;\n",
  'server/rooms/deep/chain.ts': "import { a } from '../../../shared/matrix';\nexport const b = a;\n",
  'client/canvas/unusedImport.ts': "import { a } from './geometry';\nexport const b = 1;\n",
  'client/canvas/fine.ts': "import { a } from '@shared/matrix';\nimport { c } from '../session/api';\nexport const b = [a, c];\n",
  'server/api/fine.ts': "import { a } from '@shared/matrix';\nimport { c } from '../rooms/room';\nexport const b = [a, c];\n",
};

let dir: string;
let findings: Map<string, string[]>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'four-paths-lint-'));
  cpSync('biome.json', join(dir, 'biome.json'));
  for (const [file, text] of Object.entries(PROBES)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const biome = resolve('node_modules/.bin/biome');
  let output: string;
  try {
    output = execFileSync(biome, ['lint', '--vcs-enabled=false', '--reporter=github', '.'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    output = (err as { stdout: string }).stdout;
  }
  findings = new Map();
  for (const m of output.matchAll(/^::error title=([^,]+),file=([^,]+),[^:]*::(.*)$/gm)) {
    const file = m[2]!.slice(dir.length + 1);
    findings.set(file, [...(findings.get(file) ?? []), `${m[1]}: ${m[3]}`]);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lint', () => {
  it('fails shared code that imports the client or the server', () => {
    expect(findings.get('shared/schema/upward.ts')).toEqual([expect.stringMatching(/noRestrictedImports: shared\/ is pure/)]);
    expect(findings.get('shared/toServer.ts')).toEqual([expect.stringMatching(/noRestrictedImports: shared\/ is pure/)]);
  });

  it('fails client code that imports the server', () => {
    expect(findings.get('client/session/toServer.ts')).toEqual([expect.stringMatching(/client\/ never imports server\//)]);
  });

  it('fails a ../../.. import chain', () => {
    expect(findings.get('server/rooms/deep/chain.ts')).toEqual([expect.stringMatching(/through @shared/)]);
  });

  it('fails an unused import', () => {
    expect(findings.get('client/canvas/unusedImport.ts')).toEqual([expect.stringMatching(/noUnusedImports/)]);
  });

  it('passes imports through the alias and within a side', () => {
    expect(findings.get('client/canvas/fine.ts')).toBeUndefined();
    expect(findings.get('server/api/fine.ts')).toBeUndefined();
  });
});
