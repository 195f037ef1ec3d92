// The core pipeline on many findings: fingerprinting, suppressions, sorting and the gate,
// then SARIF out and back in. No peer tool does exactly this; the numbers guard regressions.
import { defaultConfig, fromSarif, runScan, toSarif } from '@rampart/core';

const FILES = 500;
const PER_FILE = 100;

function makeTarget() {
  const texts = new Map();
  for (let f = 0; f < FILES; f++) {
    const lines = [];
    for (let l = 0; l < PER_FILE * 2; l++)
      lines.push(l % 2 ? `  call(input${l % 7});` : `const x${l} = ${l};`);
    texts.set(`src/file${f}.js`, lines.join('\n'));
  }
  return {
    root: '/bench',
    files: [...texts.keys()].map((path) => ({ path, absolutePath: `/bench/${path}`, size: 1 })),
    skipped: [],
    git: undefined,
    readText: async (path) => texts.get(path),
  };
}

const scanner = {
  kind: 'sast',
  description: 'bench',
  async *scan(target) {
    for (const file of target.files) {
      for (let i = 0; i < PER_FILE; i++) {
        const line = i * 2 + 2;
        yield {
          ruleId: `bench.rule${i % 10}`,
          scanner: 'sast',
          tool: { name: 'rampart', version: 'bench' },
          title: 'Bench rule',
          message: 'call with input',
          severity: ['critical', 'high', 'medium', 'low'][i % 4],
          confidence: 'high',
          cwe: ['CWE-94'],
          location: {
            kind: 'code',
            path: file.path,
            region: { startLine: line, startColumn: 3, endLine: line, endColumn: 20 },
          },
          references: [],
          tags: [],
        };
      }
    }
  },
};

export const benchmark = {
  name: 'pipeline+sarif',
  async setup() {
    return { target: makeTarget(), size: `${FILES * PER_FILE} findings in ${FILES} files` };
  },
  async run({ target }) {
    const result = await runScan({
      target,
      scanners: [scanner],
      config: defaultConfig('/bench'),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      cacheDir: '/tmp',
    });
    const log = JSON.parse(JSON.stringify(toSarif(result.findings, { toolVersion: '0.0.0' })));
    fromSarif(log);
  },
};
