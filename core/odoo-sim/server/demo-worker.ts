// Runs the demo simulator in a worker thread, so that generating and loading the demo company (seconds of
// synchronous work) and answering its requests never block the app's own event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorShape } from '../../shared/errors';
import type { SimCall } from '../types';
import { demoSimInfo, startDemoSim, type DemoSim, type DemoSimOptions } from './sim-command';

type Request = { id: number; type: 'execute'; call: SimCall } | { id: number; type: 'close' };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('demo-worker must run in a worker thread');
  let sim: DemoSim;
  try {
    sim = await startDemoSim(workerData as DemoSimOptions);
  } catch (e) {
    port.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  port.postMessage({ type: 'ready', info: demoSimInfo(sim), loadedDemo: sim.loadedDemo });
  port.on('message', (m: Request) => {
    if (m.type === 'close') {
      void sim.close().finally(() => {
        port.postMessage({ id: m.id, type: 'closed' });
        port.close();
      });
      return;
    }
    try {
      port.postMessage({ id: m.id, type: 'result', ok: true, value: sim.engine.execute(m.call) ?? null });
    } catch (e) {
      port.postMessage({ id: m.id, type: 'result', ok: false, error: { name: (e as { odooName?: string }).odooName ?? null, ...toErrorShape(e) } });
    }
  });
}

void main();
