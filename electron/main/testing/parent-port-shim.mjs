// Test support: gives a plain Node child process Electron's `process.parentPort` (over Node's IPC channel with
// structured-clone serialization), so the real core entry runs end-to-end in tests without Electron.
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
port.postMessage = (message) => process.send(message);
process.on('message', (data) => port.emit('message', { data }));
process.parentPort = port;
