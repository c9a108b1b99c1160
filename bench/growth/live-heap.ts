/** A DevTools protocol answer. */
interface Answer {
  id?: number;
  result?: { result?: { value?: unknown } };
}

/**
 * The V8 heap a process still uses after two full garbage collections, in MB, read through its
 * inspector (`--inspect=127.0.0.1:<port>`): what the process holds, whatever it allocated and dropped
 * since the collector last ran (the used heap of `/metrics` counts that garbage too). NaN where the
 * inspector or a WebSocket client (Node 22, or Node 20 with `--experimental-websocket`) is missing,
 * or when the inspector does not answer within `timeoutMs` (the bench goes on without the figure).
 */
export async function liveHeapMb(inspectorPort: number, timeoutMs = 60_000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Number.NaN), timeoutMs)));
  return Promise.race([read(inspectorPort), timeout]).finally(() => clearTimeout(timer));
}

async function read(inspectorPort: number): Promise<number> {
  const Socket = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  if (!Socket) return Number.NaN;
  try {
    const [target] = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const socket = new Socket(target.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const waiting = new Map<number, (answer: Answer) => void>();
    socket.onmessage = (message) => {
      const answer = JSON.parse(String(message.data)) as Answer;
      if (answer.id !== undefined) waiting.get(answer.id)?.(answer);
    };
    let next = 0;
    const call = (method: string, params: object = {}) =>
      new Promise<Answer>((resolve) => {
        const id = ++next;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      });
    try {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const answer = await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed' });
      return Number(answer.result?.result?.value) / 1024 / 1024;
    } finally {
      socket.close();
    }
  } catch {
    return Number.NaN;
  }
}
