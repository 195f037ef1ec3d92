#!/usr/bin/env node
// The DAST benchmark's target: the example vulnerable app on 127.0.0.1, counting the
// requests it receives. Prints its URL on the first line; each "count" line on stdin is
// answered with the number of requests since the last one.
import { createInterface } from 'node:readline';
import { startVulnerableApp } from '../examples/vulnerable-web-app/server.mjs';

let count = 0;
const app = await startVulnerableApp({ port: 0 });
app.server.on('request', () => {
  count++;
});
process.stdout.write(`${app.url}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'count') {
    process.stdout.write(`${count}\n`);
    count = 0;
  }
}
await app.close();
