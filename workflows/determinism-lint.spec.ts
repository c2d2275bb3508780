import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The lint rule that keeps workflow code deterministic: it must refuse Node
 * built-ins and I/O libraries in workflows/ and libs/domain/, and leave the
 * rest of the code base alone. ESLint runs in a child process (its flat config
 * is an ES module, which jest's module system does not load).
 */
const root = resolve(__dirname, '..');

interface Case {
  filePath: string;
  code: string;
}

function restrictedImportErrors(cases: Case[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: require('node:path').resolve(${JSON.stringify(root)}, c.filePath) });
        out.push(result.messages
          .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
          .map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], {
      cwd: root,
      encoding: 'utf8',
    }),
  ) as string[][];
}

const WORKFLOW = 'workflows/pathway/pathway.workflow.ts';

const FORBIDDEN_IN_WORKFLOWS: [string, string][] = [
  ["import { readFileSync } from 'node:fs';", 'no Node built-ins'],
  ["import { createHash } from 'crypto';", 'no Node built-ins'],
  ["import { DataSource } from 'typeorm';", 'no I/O libraries'],
  ["import { Client } from '@temporalio/client';", 'no I/O libraries'],
  ["import { Injectable } from '@nestjs/common';", 'no I/O libraries'],
  ["import { AuditLog } from '@app/persistence';", 'no I/O libraries'],
];

describe('determinism lint rule', () => {
  let results: string[][];

  beforeAll(() => {
    results = restrictedImportErrors([
      ...FORBIDDEN_IN_WORKFLOWS.map(([line]) => ({
        filePath: WORKFLOW,
        code: `${line}\nexport {};\n`,
      })),
      { filePath: 'libs/domain/pathway.ts', code: "import { Pool } from 'pg';\nexport {};\n" },
      {
        filePath: WORKFLOW,
        code: 'export const x = process.env.X;\nsetTimeout(() => undefined, 10);\n',
      },
      {
        filePath: WORKFLOW,
        code: "import { sleep } from '@temporalio/workflow';\nimport { parseIsoDuration } from '@app/domain';\nexport const f = () => sleep(parseIsoDuration('PT1S'));\n",
      },
      {
        filePath: 'apps/worker/pathway-recording.activities.ts',
        code: "import { DataSource } from 'typeorm';\nexport type D = DataSource;\n",
      },
    ]);
  }, 60_000);

  it.each(FORBIDDEN_IN_WORKFLOWS.map(([line, reason], index) => [line, reason, index] as const))(
    'refuses `%s` in a workflow file',
    (_line, reason, index) => {
      expect(results[index].join('\n')).toContain(reason);
    },
  );

  it('refuses the same imports in the pure domain library', () => {
    expect(results[FORBIDDEN_IN_WORKFLOWS.length]).toHaveLength(1);
  });

  it('refuses non-durable timers and the process environment', () => {
    expect(results[FORBIDDEN_IN_WORKFLOWS.length + 1]).toHaveLength(2);
  });

  it('lets workflow code use the Temporal workflow API and the domain library', () => {
    expect(results[FORBIDDEN_IN_WORKFLOWS.length + 2]).toEqual([]);
  });

  it('does not restrict the worker, which is where I/O belongs', () => {
    expect(results[FORBIDDEN_IN_WORKFLOWS.length + 3]).toEqual([]);
  });
});
