import type { TongbanProcess } from './tongban-process';
import { sleep } from './wait';

/**
 * Keeps a Tongban process running: when it dies (a failpoint fired, or it was killed), starts it
 * again and counts the restart.
 */
export class Supervisor {
  restarts = 0;
  exitCodes: (number | null)[] = [];
  private stopped = false;
  private loop?: Promise<void>;

  constructor(readonly process: TongbanProcess) {}

  start(): this {
    this.loop = this.watch();
    return this;
  }

  /** Stops watching (the process keeps running). */
  async release(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async watch(): Promise<void> {
    while (!this.stopped) {
      if (!this.process.running) {
        const code = await this.process.exited();
        this.exitCodes.push(code);
        if (this.stopped) return;
        for (let attempt = 0; ; attempt++) {
          try {
            await this.process.start();
            break;
          } catch (error) {
            if (this.stopped || attempt > 20) throw error;
            await sleep(200);
          }
        }
        this.restarts++;
      }
      await sleep(50);
    }
  }
}
