import { exec as run, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export class Deployer {
  constructor(private readonly host: string) {}

  restart(service: string): void {
    // ruleid: js-exec-non-literal
    run(`ssh ${this.host} systemctl restart ${service}` as string, (err: Error | null) => {
      if (err) throw err;
    });
  }

  async restartSafely(service: string): Promise<void> {
    // ok: js-exec-non-literal
    await execFileAsync('ssh', [this.host, 'systemctl', 'restart', service]);
  }
}
