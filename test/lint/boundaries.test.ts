import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Proves the import-boundary rule bites: lint real files placed in core/ and renderer/ with forbidden imports.
const root = path.resolve(import.meta.dirname, '..', '..');
const coreProbe = path.join(root, 'core', 'shared', '__lint_probe__.ts');
const rendererProbe = path.join(root, 'renderer', 'src', '__lint_probe__.ts');

const lint = async (file: string, code: string) => {
  fs.writeFileSync(file, code);
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
};

describe('import boundaries', () => {
  beforeAll(() => fs.mkdirSync(path.dirname(rendererProbe), { recursive: true }));
  afterAll(() => {
    for (const f of [coreProbe, rendererProbe]) fs.rmSync(f, { force: true });
  });

  it('rejects electron in core', async () => {
    const msgs = await lint(coreProbe, "import { app } from 'electron';\nexport const x = app;\n");
    expect(msgs.join('\n')).toMatch(/core\/ never imports electron/);
  });

  it('rejects react and the renderer in core', async () => {
    const msgs = await lint(coreProbe, "import React from 'react';\nimport { App } from '../../renderer/src/app/App';\nexport const x = [React, App];\n");
    expect(msgs).toHaveLength(2);
  });

  it('rejects core internals in the renderer but allows types from the contract and shared', async () => {
    const bad = await lint(rendererProbe, "import { openStore } from '../../core/store/db';\nexport const x = openStore;\n");
    expect(bad.join('\n')).toMatch(/only core\/contract and core\/shared/);
    const good = await lint(
      rendererProbe,
      "import type { CallName } from '../../core/contract';\nimport { isAppError } from '../../core/shared/errors';\nexport const x: [CallName | null, unknown] = [null, isAppError];\n",
    );
    expect(good).toEqual([]);
  });

  it('rejects value imports from the contract in the renderer (they would bundle zod)', async () => {
    const msgs = await lint(rendererProbe, "import { calls } from '../../core/contract';\nexport const x = calls;\n");
    expect(msgs.join('\n')).toMatch(/only types from core\/contract/);
  });

  it('rejects Node modules in the renderer', async () => {
    const msgs = await lint(rendererProbe, "import fs from 'node:fs';\nexport const x = fs;\n");
    expect(msgs.join('\n')).toMatch(/no Node modules/);
  });

  it('allows core to import itself', async () => {
    const msgs = await lint(coreProbe, "import { AppError } from './errors';\nexport const x = AppError;\n");
    expect(msgs).toEqual([]);
  });
});
