import type { DataSource } from 'typeorm';

type Release = (error?: unknown) => void;
interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface CheckoutDriver {
  obtainMasterConnection(): Promise<[ErrorEmitter, Release]>;
  /** node-postgres' pool; it emits `connect` with each client it opened, before handing it out. */
  master?: { on(event: 'connect', listener: (client: ErrorEmitter) => void): unknown };
}

/**
 * Gives every connection the data source checks out an `error` listener of its own, once, so that a
 * server ending the session (`pg_terminate_backend`, a restart, a failover) cannot end the process.
 *
 * node-postgres emits `error` on a client when the server's FATAL arrives while no query is active.
 * The pool listens only while the client is idle, and TypeORM only once its query runner has the
 * connection; in between, the region settings statement (`bindRegions`) runs and resolves, and a
 * FATAL read from the same network packet as that statement's reply is emitted before TypeORM
 * listens: an unhandled `error` event, and the process exits (seen under the fault suite's
 * terminations with two api processes). A client the pool has just opened is handed out the same way. The client is unusable afterwards either way; node-postgres
 * marks it so and the pool drops it when it is released. Call before `bindRegions`, so that the
 * listener is there before the settings statement is sent.
 */
export function guardConnectionErrors(dataSource: DataSource, onError: (error: Error) => void = () => undefined): void {
  const driver = dataSource.driver as unknown as CheckoutDriver;
  const obtain = driver.obtainMasterConnection.bind(driver);
  const guarded = new WeakSet<ErrorEmitter>();
  const guard = (client: ErrorEmitter): void => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', onError);
  };
  // A new client is handed out from inside its own connect callback, while its first packets are read:
  // a FATAL right behind the server's ready message would come before any promise continuation, so
  // new clients are guarded synchronously as the pool reports them; the clients opened before this
  // call (the data source's first) are guarded at their next checkout.
  driver.master?.on('connect', guard);
  driver.obtainMasterConnection = async () => {
    const [client, release] = await obtain();
    guard(client);
    return [client, release];
  };
}
