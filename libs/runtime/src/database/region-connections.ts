import * as pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { regionContext, type RegionSettings } from '@tongban/kernel';

type Release = (error?: unknown) => void;
type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;
interface PoolClient {
  query: Query;
  escapeLiteral(value: string): string;
  getTransactionStatus?(): string | null;
  /** node-postgres' pipeline mode (several statements written before the first answer). */
  pipeline?: boolean;
}
interface CheckoutDriver {
  obtainMasterConnection(): Promise<[PoolClient, Release]>;
  obtainSlaveConnection?(): Promise<[PoolClient, Release]>;
}

/** The role the application's statements run as when the login role would bypass row-level security. */
export const APP_ROLE = 'tongban_app';

const SETTINGS = `SELECT set_config('tongban.region', $1, false), set_config('tongban.regions', $2, false), set_config('tongban.inherited', $3, false)`;
const SETTINGS_AS_APP = `SELECT set_config('role', '${APP_ROLE}', false), set_config('tongban.region', $1, false), set_config('tongban.regions', $2, false), set_config('tongban.inherited', $3, false)`;

/**
 * `session`: the scope is set on the connection's session at checkout (PostgreSQL, or PgBouncer in
 * `pool_mode = session`). `transaction`: it is set transaction-locally inside every transaction, for a
 * pooler that hands each transaction to any server connection (PgBouncer `pool_mode = transaction`).
 */
export type PoolMode = 'session' | 'transaction';

/** How a data source's connections are bound; `asAppRole` is switched on once the migrations ran. */
export interface RegionBinding {
  asAppRole: boolean;
}

/** What the session of a connection carries, as last set by `bindRegions` (session mode). */
const sessionScopes = new WeakMap<PoolClient, string>();

/**
 * Applies the region context to every connection the data source checks out (a query, a query
 * runner, a transaction): `tongban.region`, `tongban.regions` and `tongban.inherited` of the caller's
 * scope (read from the async context of the caller, not of whoever released the connection), and,
 * when `asAppRole`, the role `tongban_app`, so that a superuser login is bound by row-level security
 * like the application's own role.
 *
 * In `session` mode they are session settings, and not sent at all when the connection's session
 * already carries the same ones (each pool connection remembers what was last set on it): callers of
 * one scope reuse connections for free. Otherwise they travel with the caller's first statement, in
 * its round trip (`scopeSession`).
 *
 * In `session` mode, a BEGIN on a connection that carries the scope already is held back and sent with
 * the caller's next statement, in its round trip (`withBegin`): as one simple-protocol query, or, for a
 * statement with parameters, in the statement's extended-protocol exchange before its one Sync, so that
 * a BEGIN that fails never lets the statement run outside the transaction.
 *
 * In `session` mode, too, a statement with parameters whose text the process has sent before runs as a
 * named (server-side prepared) statement, parsed and planned once per connection rather than at every
 * execution, up to `preparedStatements` texts per connection (`namedStatement`).
 *
 * In `transaction` mode nothing outlives a transaction: its BEGIN is held back and sent with the
 * caller's next statement when that one has no parameters (`SET TRANSACTION …` stays first), or
 * together with the scope as `set_config(…, true)` in one simple-protocol round trip; a statement
 * sent outside a transaction runs in a short one carrying the scope, in one round trip (a statement
 * with parameters pipelined between `BEGIN; set_config…` and `COMMIT`). Each pool connection runs its callers' statements one after the
 * other so that no statement lands in another's short transaction.
 */
export function bindRegions(dataSource: DataSource, mode: PoolMode = 'session', preparedStatements = PREPARED_STATEMENTS): RegionBinding {
  const binding: RegionBinding = { asAppRole: false };
  const driver = dataSource.driver as unknown as CheckoutDriver;
  const bind = (obtain: () => Promise<[PoolClient, Release]>) => async (): Promise<[PoolClient, Release]> => {
    const settings = regionContext.settingsOf(regionContext.current());
    const [client, release] = await obtain();
    if (mode === 'transaction') {
      scopeTransactions(client, transactionScope(client, settings, binding.asAppRole));
      return [client, release];
    }
    const key = `${binding.asAppRole ? APP_ROLE : ''}\n${settings.region}\n${settings.regions}\n${settings.inherited}`;
    const session = sessionStateOf(client, preparedStatements);
    if (session) {
      session.begin = undefined;
      session.commitNext = undefined;
      session.ended = undefined;
      session.wanted = sessionScopes.get(client) === key && session.tentative === undefined ? undefined : {
        key,
        text: sessionScope(client, settings, binding.asAppRole),
        statements: binding.asAppRole ? 4 : 3,
        statement: { text: binding.asAppRole ? SETTINGS_AS_APP : SETTINGS, values: [settings.region, settings.regions, settings.inherited] },
      };
      return [client, release];
    }
    if (sessionScopes.get(client) === key) return [client, release];
    try {
      await client.query(binding.asAppRole ? SETTINGS_AS_APP : SETTINGS, [settings.region, settings.regions, settings.inherited]);
      sessionScopes.set(client, key);
    } catch (error) {
      sessionScopes.delete(client);
      release(error);
      throw error;
    }
    return [client, release];
  };
  driver.obtainMasterConnection = bind(driver.obtainMasterConnection.bind(driver));
  if (driver.obtainSlaveConnection) driver.obtainSlaveConnection = bind(driver.obtainSlaveConnection.bind(driver));
  return binding;
}

/**
 * The scope as `SET` statements of session settings, their values escaped as literals (to travel in a
 * simple-protocol query with another). `SET`, unlike `SELECT set_config`, takes no snapshot, so a
 * `SET TRANSACTION` may still follow it inside the transaction it opens.
 */
function sessionScope(client: PoolClient, settings: RegionSettings, asAppRole: boolean): string {
  const set = (name: string, value: string) => `SET ${name} TO ${client.escapeLiteral(value)}`;
  return [
    ...(asAppRole ? [set('role', APP_ROLE)] : []),
    set('tongban.region', settings.region),
    set('tongban.regions', settings.regions),
    set('tongban.inherited', settings.inherited),
  ].join('; ');
}

/** Named statements a session-mode connection keeps at most, unless told (`DATABASE_PREPARED_STATEMENTS`). */
export const PREPARED_STATEMENTS = 100;
/** Texts named process-wide at most: a name stays bound to its text while any connection may hold it. */
const MAX_NAMED_TEXTS = 1000;
/** Texts with parameters seen once, not yet named; emptied when it holds this many. */
const MAX_SEEN_TEXTS = 2_000;
/** Longer texts (long multi-row `VALUES` lists) are neither named nor remembered: the texts kept stay within 30 MB at worst. */
const MAX_NAMED_LENGTH = 10_000;
/** The name of each statement text that runs as a named statement. */
const statementNames = new Map<string, string>();
const seenOnce = new Set<string>();
/**
 * A result of whole rows (`SELECT *`, `t.*`, `RETURNING *`): a column added by a later migration would
 * change a prepared statement's result type, which PostgreSQL refuses (`cached plan must not change
 * result type`) until the connection ends, so such texts stay unnamed.
 */
const WHOLE_ROWS = /(\bSELECT|\bRETURNING|,)\s*(DISTINCT\s+)?("?\w+"?\.)?\*/i;

/**
 * The statement as node-postgres should send it: a text with parameters that the process has sent at
 * least once before becomes `{ name, text }`, so that PostgreSQL parses, analyses and plans it once on
 * each connection (after five executions with their parameters it keeps a generic plan when that is
 * not costlier) instead of at every execution. At most `limit` names per connection (a text seen
 * once, such as a multi-row `VALUES` list of a new length, is never named, and a connection's named
 * statements never outgrow the limit), at most `MAX_NAMED_TEXTS` process-wide; beyond them, for texts
 * longer than `MAX_NAMED_LENGTH` or for results of whole rows (`WHOLE_ROWS`), the statement stays unnamed. A named statement lives until its
 * connection ends: a rollback does not undo it, and DDL only makes PostgreSQL plan it again.
 */
function namedStatement(state: SessionState, config: unknown, values: unknown): unknown {
  if (state.limit === 0 || typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || config.length > MAX_NAMED_LENGTH) return config;
  let name = statementNames.get(config);
  if (name === undefined) {
    if (!seenOnce.has(config)) {
      if (seenOnce.size >= MAX_SEEN_TEXTS) seenOnce.clear();
      seenOnce.add(config);
      return config;
    }
    if (statementNames.size >= MAX_NAMED_TEXTS || WHOLE_ROWS.test(config)) return config;
    seenOnce.delete(config);
    name = `tongban_${statementNames.size + 1}`;
    statementNames.set(config, name);
  }
  if (!state.named.has(name)) {
    if (state.named.size >= state.limit) return config;
    state.named.add(name);
  }
  return { name, text: config };
}

interface SessionState {
  /** node-postgres' `query` of the client. */
  send: (config: unknown, values?: unknown, callback?: unknown) => Promise<unknown>;
  /** Named statements this connection may hold (`namedStatement`), and the names it holds or is sending. */
  limit: number;
  named: Set<string>;
  /** The scope this checkout needs and the session does not carry yet: sent with the caller's next statement. */
  wanted?: WantedScope;
  /**
   * The scope set inside the transaction still open: the session carries it once that transaction
   * commits; a rollback undoes session settings made inside it, so then the session's scope is unknown.
   */
  tentative?: string;
  /** Statements of the caller sent while the scope is on its way wait for it, in order. */
  tail?: Promise<unknown>;
  /** A BEGIN of the caller not yet sent: it travels with the caller's next statement (`begun`). */
  begin?: string;
  /** The caller's next statement is its transaction's last: its COMMIT is written with it (`commitWithNextStatement`). */
  commitNext?: boolean;
  /** The answer of a COMMIT written with the transaction's last statement: the caller's own COMMIT gets it, nothing is sent. */
  ended?: unknown;
}

/** A checkout's scope: as `SET` statements (`text`), and as one statement with parameters (`statement`). */
interface WantedScope {
  key: string;
  text: string;
  /** The `SET` statements in `text`. */
  statements: number;
  statement: { text: string; values: string[] };
}

const sessionStates = new WeakMap<PoolClient, SessionState | null>();

/**
 * Installs, once per pool connection, the `query` that sends the checkout's scope with the caller's
 * first statement (session mode): with a `BEGIN` as one simple-protocol query (`BEGIN; SET
 * tongban.region TO …; …`); with a statement with parameters outside a transaction as `BEGIN; SET …`,
 * the statement and `COMMIT` written together (pipeline mode), so that the statement
 * never runs when the scope failed; any other statement after the scope in a round trip of its own.
 * Session settings made inside a transaction last only if it commits: the connection remembers the
 * scope once the COMMIT answered `COMMIT`, and forgets what it carries on a rollback or an error, so
 * that the next checkout sets its scope again. `null` for a client without these means (then the
 * scope is sent at checkout, in a round trip of its own).
 */
function sessionStateOf(client: PoolClient, preparedStatements: number): SessionState | undefined {
  const known = sessionStates.get(client);
  if (known !== undefined) return known ?? undefined;
  if (typeof client.getTransactionStatus !== 'function' || typeof client.pipeline !== 'boolean') {
    sessionStates.set(client, null);
    return undefined;
  }
  // node-postgres' own `query`, looked up at each call (a probe or a spec may wrap the prototype's later)
  const prototype = Object.getPrototypeOf(client) as PoolClient;
  const state: SessionState = {
    send: ((config: unknown, values?: unknown, callback?: unknown) => prototype.query.call(client, config, values, callback)) as SessionState['send'],
    limit: preparedStatements,
    named: new Set(),
  };
  sessionStates.set(client, state);
  client.query = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    config = namedStatement(state, config, values);
    if (typeof values === 'function') [values, callback] = [undefined, values];
    if (state.wanted === undefined && state.tentative === undefined && state.tail === undefined && state.begin === undefined && state.commitNext === undefined && state.ended === undefined) {
      if (!heldBack(client, state, config, values)) return state.send(config, values, callback);
      const begun = { command: 'BEGIN', rows: [], rowCount: null, fields: [] };
      if (typeof callback !== 'function') return Promise.resolve(begun);
      (callback as (error: unknown, result?: unknown) => void)(null, begun);
      return undefined;
    }
    const run = (state.tail ?? Promise.resolve()).then(() => sessionScoped(client, state, config, values as unknown[] | undefined));
    const tail = run.catch(() => undefined);
    state.tail = tail;
    void tail.then(() => {
      if (state.tail === tail) state.tail = undefined;
    });
    if (typeof callback !== 'function') return run;
    const done = callback as (error: unknown, result?: unknown) => void;
    run.then((result) => done(null, result), (error) => done(error));
    return undefined;
  };
  return state;
}

/**
 * Holds back the caller's `BEGIN` (`START TRANSACTION`) when the session already carries the checkout's
 * scope and no transaction is open: it is sent with the caller's next statement, in that statement's
 * round trip (`withBegin`). Answers whether it held it.
 */
function heldBack(client: PoolClient, state: SessionState, config: unknown, values: unknown): boolean {
  if (typeof config !== 'string' || (Array.isArray(values) && values.length > 0) || !BEGIN.test(config) || config.includes(';')) return false;
  if (client.getTransactionStatus!() !== 'I') return false;
  state.begin = config;
  return true;
}

/**
 * The caller's next statement with the BEGIN held back, in ONE round trip, with the checkout's scope
 * when the session does not carry it yet: a statement without parameters as one simple-protocol query
 * (`BEGIN; SET …; …`); one with parameters as a single extended-protocol exchange (`BegunQuery`: the
 * BEGIN's and the scope's Parse/Bind/Execute, then the statement's, one Sync), so that a failed BEGIN or
 * scope makes the server skip the statement: it never runs in autocommit nor in another scope. A COMMIT
 * or ROLLBACK right after the BEGIN ends a transaction that never began: nothing is sent.
 */
async function withBegin(client: PoolClient, state: SessionState, begin: string, config: unknown, values: unknown[] | undefined): Promise<unknown> {
  const text = typeof config === 'string' ? config : (config as { text?: string }).text ?? '';
  const plain = typeof config === 'string' && !(values && values.length > 0);
  if (plain && END.test(text)) return { command: text.trim().split(/\s+/)[0].replace(/;$/, '').toUpperCase(), rows: [], rowCount: null, fields: [] };
  const wanted = state.wanted;
  state.wanted = undefined;
  if (wanted) {
    sessionScopes.delete(client);
    state.tentative = wanted.key;
  }
  try {
    if (plain) {
      const prefix = wanted ? `${begin}; ${wanted.text}` : begin;
      const results = await state.send(`${prefix}; ${text}`) as unknown[];
      return theirs(results, 1 + (wanted ? wanted.statements : 0));
    }
    if (typeof (config as { submit?: unknown }).submit === 'function' || client.pipeline) {
      await state.send(wanted ? `${begin}; ${wanted.text}` : begin);
      return await state.send(config, values);
    }
    const normalized = typeof config === 'string' ? { text: config } : (config as { text: string; name?: string });
    const prefixes = wanted ? [{ text: begin }, wanted.statement] : [{ text: begin }];
    return await new Promise((resolve, reject) => {
      state.send(new BegunQuery(prefixes, { ...normalized, values }, (error: unknown, results?: unknown) => (error ? reject(error) : resolve(theirs(results, prefixes.length)))));
    });
  } catch (error) {
    if (client.getTransactionStatus!() === 'I') state.tentative = undefined;
    throw error;
  }
}

/** node-postgres' own query object (the statement's Parse, Bind, Describe, Execute and Sync, and its answers). */
interface PgQueryInstance {
  name?: string;
  submit(connection: PgConnection): Error | null;
  handleError(error: unknown, connection: PgConnection): void;
}
interface PgConnection {
  parsedStatements: Record<string, string>;
  describe(message: { type: 'P' | 'S'; name?: string }): void;
  parse(message: { text: string; name?: string }): void;
  bind(message: { portal?: string; statement?: string; values?: readonly unknown[] }): void;
  execute(message: { portal?: string; rows?: number }): void;
  stream: { cork?: () => void; uncork?: () => void };
}
const PgQuery = (pg as unknown as { Query: new (config: unknown, values?: unknown, callback?: unknown) => PgQueryInstance }).Query;

/**
 * A statement with parameters preceded by `prefixes` (a BEGIN, the scope) in the same extended-protocol
 * exchange: their Parse, Bind, Describe and Execute are written before the statement's own messages and
 * share their one Sync. Should one of them fail, PostgreSQL discards every message up to that Sync, so
 * the statement is never executed; the answers (the prefixes', then the statement's) come back as one
 * result each.
 */
class BegunQuery extends PgQuery {
  constructor(private readonly prefixes: ReadonlyArray<{ text: string; values?: readonly unknown[] }>, config: unknown, callback: (error: unknown, results?: unknown) => void) {
    super(config, undefined, callback);
  }

  /** Whether the connection had parsed the (named) statement before: the BEGIN's ParseComplete makes node-postgres believe so. */
  private parsedBefore = true;

  override submit(connection: PgConnection): Error | null {
    this.parsedBefore = !this.name || connection.parsedStatements[this.name] !== undefined;
    connection.stream.cork?.();
    try {
      for (const prefix of this.prefixes) {
        connection.parse({ text: prefix.text });
        connection.bind({ values: prefix.values });
        connection.describe({ type: 'P' });
        connection.execute({ portal: '' });
      }
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  override handleError(error: unknown, connection: PgConnection): void {
    // the statement's own Parse may have been skipped or refused: it is sent again next time
    if (!this.parsedBefore && this.name) delete connection.parsedStatements[this.name];
    super.handleError(error, connection);
  }
}

/**
 * A statement and the COMMIT of its transaction in ONE extended-protocol exchange: the statement's
 * Parse, Bind, Describe and Execute, then the COMMIT's, and one Sync. Should the statement fail,
 * PostgreSQL discards every message up to that Sync: the COMMIT never runs and the transaction stays
 * aborted until the caller's ROLLBACK. The answers come back as two results, the statement's and the
 * COMMIT's.
 */
class CommittingQuery extends PgQuery {
  /** The statement written after this one's, in its exchange. */
  readonly followedBy = 'COMMIT';

  constructor(config: unknown, callback: (error: unknown, results?: unknown) => void) {
    super(config, undefined, callback);
  }

  /** Always the extended protocol, so that the COMMIT's messages join the statement's. */
  requiresPreparation(): boolean {
    return true;
  }

  /** node-postgres' last step of an extended-protocol statement, its Execute and Sync: here with the COMMIT's messages between them. */
  _getRows(connection: PgConnection & { sync(): void }, rows?: number): void {
    connection.execute({ portal: '', rows });
    connection.parse({ text: 'COMMIT' });
    connection.bind({});
    connection.describe({ type: 'P' });
    connection.execute({ portal: '' });
    connection.sync();
  }
}

/**
 * The transaction's last statement written with its COMMIT (`CommittingQuery`, one round trip instead
 * of two): the COMMIT's answer waits in `state.ended` for the caller's own COMMIT. A session scope set
 * inside the transaction is remembered once that COMMIT answered `COMMIT`, as `watchedEnd` does.
 */
async function committing(client: PoolClient, state: SessionState, config: unknown, values: unknown[] | undefined): Promise<unknown> {
  const normalized = typeof config === 'string' ? { text: config } : (config as { text: string; name?: string });
  const key = state.tentative;
  try {
    const [result, ended] = await new Promise<unknown[]>((resolve, reject) => {
      state.send(new CommittingQuery({ ...normalized, values }, (error: unknown, results?: unknown) => (error ? reject(error) : resolve(results as unknown[]))));
    });
    state.ended = ended;
    if (client.getTransactionStatus!() === 'I') {
      state.tentative = undefined;
      if (key !== undefined && (ended as { command?: string } | undefined)?.command === 'COMMIT') sessionScopes.set(client, key);
    }
    return result;
  } catch (error) {
    if (client.getTransactionStatus!() === 'I') state.tentative = undefined;
    throw error;
  }
}

/**
 * Asks that the next statement sent in the transaction of `manager` be written together with the
 * transaction's COMMIT, in one round trip, and the caller's own COMMIT be answered with that one's answer:
 * for a statement after which the caller writes nothing and whose every outcome but an error commits (a
 * statement that could match no row where the caller would roll back is not one). Session pool mode
 * only; answers false (nothing changes: the statement and the COMMIT go as usual) when the transaction's
 * connection is not one of it, no transaction is open on the server, or it is a nested one (a savepoint).
 */
export function commitWithNextStatement(manager: EntityManager): boolean {
  const runner = manager.queryRunner as { databaseConnection?: PoolClient; isTransactionActive?: boolean; transactionDepth?: number } | undefined;
  const client = runner?.databaseConnection;
  if (!client || !runner!.isTransactionActive || runner!.transactionDepth !== 1) return false;
  const state = sessionStates.get(client);
  if (!state || state.begin !== undefined || client.getTransactionStatus!() !== 'T') return false;
  state.commitNext = true;
  return true;
}

/** Sends one statement of the caller: with the checkout's scope when the session does not carry it yet. */
async function sessionScoped(client: PoolClient, state: SessionState, config: unknown, values: unknown[] | undefined): Promise<unknown> {
  if (state.ended !== undefined) {
    // the transaction ended with its last statement: the caller's COMMIT (or ROLLBACK) gets that answer
    const ended = state.ended;
    state.ended = undefined;
    if (typeof config === 'string' && !(values && values.length > 0) && END.test(config)) return ended;
  }
  const commitNext = state.commitNext;
  state.commitNext = undefined;
  const begin = state.begin;
  if (begin !== undefined) {
    state.begin = undefined;
    return withBegin(client, state, begin, config, values);
  }
  const wanted = state.wanted;
  if (wanted === undefined) return commitNext && client.getTransactionStatus!() === 'T' ? committing(client, state, config, values) : watchedEnd(client, state, config, values);
  const text = typeof config === 'string' ? config : (config as { text?: string }).text ?? '';
  const plain = typeof config === 'string' && !(values && values.length > 0);
  const idle = client.getTransactionStatus!() === 'I' && state.tentative === undefined;
  if (idle && plain && BEGIN.test(text) && !text.includes(';')) {
    // held back: the BEGIN and the scope travel with the caller's next statement (`withBegin`)
    state.begin = text;
    return { command: 'BEGIN', rows: [], rowCount: null, fields: [] };
  }
  state.wanted = undefined;
  sessionScopes.delete(client);
  if (idle && !plain && typeof (config as { submit?: unknown }).submit !== 'function' && !client.pipeline) {
    client.pipeline = true;
    try {
      const sent = [state.send(`BEGIN; ${wanted.text}`), state.send(config, values), state.send('COMMIT')];
      const [begun, result, ended] = await Promise.allSettled(sent);
      if (result.status === 'rejected') throw result.reason;
      if (begun.status === 'rejected') throw begun.reason;
      if (ended.status === 'rejected') throw ended.reason;
      if ((ended.value as { command?: string }).command === 'COMMIT') sessionScopes.set(client, wanted.key);
      return result.value;
    } finally {
      client.pipeline = false;
    }
  }
  await state.send(wanted.text);
  if (client.getTransactionStatus!() === 'I' && state.tentative === undefined) sessionScopes.set(client, wanted.key);
  else state.tentative = wanted.key;
  return watchedEnd(client, state, config, values);
}

/** Sends a statement inside a transaction that set the scope: its end decides what the session carries. */
async function watchedEnd(client: PoolClient, state: SessionState, config: unknown, values: unknown[] | undefined): Promise<unknown> {
  if (state.tentative === undefined) return state.send(config, values);
  const key = state.tentative;
  try {
    const result = await state.send(config, values);
    if (client.getTransactionStatus!() === 'I') {
      state.tentative = undefined;
      const ends = Array.isArray(result) ? result[result.length - 1] : result;
      if ((ends as { command?: string } | undefined)?.command === 'COMMIT') sessionScopes.set(client, key);
    }
    return result;
  } catch (error) {
    if (client.getTransactionStatus!() === 'I') state.tentative = undefined;
    throw error;
  }
}

/** The scope as one statement of transaction-local settings, its values escaped as literals (simple protocol takes no parameters). */
function transactionScope(client: PoolClient, settings: RegionSettings, asAppRole: boolean): string {
  const set = (name: string, value: string) => `set_config('${name}', ${client.escapeLiteral(value)}, true)`;
  return `SELECT ${[
    ...(asAppRole ? [set('role', APP_ROLE)] : []),
    set('tongban.region', settings.region),
    set('tongban.regions', settings.regions),
    set('tongban.inherited', settings.inherited),
  ].join(', ')}`;
}

interface TransactionState {
  /** The client's own `query`. */
  send: (config: unknown, values?: unknown, callback?: unknown) => Promise<unknown>;
  /** The current checkout's scope statement. */
  scope: string;
  /** A BEGIN not yet sent (held back to travel with the next statement). */
  begin?: string;
  /** The caller's previous statement, the next one waits for. */
  tail: Promise<unknown>;
}

const transactionStates = new WeakMap<PoolClient, TransactionState>();
const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const END = /^\s*(COMMIT|END|ROLLBACK|ABORT)\s*;?\s*$/i;
const SET_TRANSACTION = /^\s*SET\s+TRANSACTION\b/i;

/** Installs, once per pool connection, the `query` that scopes each transaction; sets this checkout's scope. */
function scopeTransactions(client: PoolClient, scope: string): void {
  const known = transactionStates.get(client);
  if (known) {
    known.scope = scope;
    known.begin = undefined;
    return;
  }
  // The server's own word (ReadyForQuery) on whether a transaction is open decides what a statement needs.
  if (typeof client.getTransactionStatus !== 'function') throw new Error('DATABASE_POOL_MODE=transaction needs node-postgres with Client#getTransactionStatus');
  const state: TransactionState = { send: client.query.bind(client) as TransactionState['send'], scope, tail: Promise.resolve() };
  transactionStates.set(client, state);
  client.query = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    if (typeof values === 'function') [values, callback] = [undefined, values];
    if (typeof (config as { submit?: unknown }).submit === 'function') {
      // A cursor or stream keeps its portal across round trips: it has to run inside the caller's transaction.
      if (!inTransaction(client, state)) throw new Error('Behind a transaction pooler a cursor or stream needs a transaction (DATABASE_POOL_MODE=transaction)');
      return state.send(config, values, callback);
    }
    const run = state.tail.then(() => scoped(client, state, config, values as unknown[] | undefined));
    state.tail = run.catch(() => undefined);
    if (typeof callback !== 'function') return run;
    const done = callback as (error: unknown, result?: unknown) => void;
    run.then((result) => done(null, result), (error) => done(error));
    return undefined;
  };
}

function inTransaction(client: PoolClient, state: TransactionState): boolean {
  return state.begin !== undefined || client.getTransactionStatus!() !== 'I';
}

/** The results of the caller's statements in a multi-statement answer that begins with `skip` of ours. */
const theirs = (results: unknown, skip: number): unknown => {
  const rest = (results as unknown[]).slice(skip);
  return rest.length === 1 ? rest[0] : rest;
};

/** Sends one statement of the caller with the scope of its transaction. */
async function scoped(client: PoolClient, state: TransactionState, config: unknown, values: unknown[] | undefined): Promise<unknown> {
  const text = typeof config === 'string' ? config : (config as { text?: string }).text ?? '';
  const plain = typeof config === 'string' && !(values && values.length > 0);
  if (state.begin) {
    const begin = state.begin;
    state.begin = undefined;
    if (plain && END.test(text)) return { command: text.trim().split(/\s+/)[0].toUpperCase(), rows: [], rowCount: null };
    if (plain && SET_TRANSACTION.test(text)) return (await state.send(`${begin}; ${text}; ${state.scope}`) as unknown[])[1];
    if (plain) return theirs(await state.send(`${begin}; ${state.scope}; ${text}`), 2);
    await state.send(`${begin}; ${state.scope}`);
    return state.send(config, values);
  }
  if (inTransaction(client, state)) return state.send(config, values);
  if (plain && BEGIN.test(text) && !text.includes(';')) {
    state.begin = text;
    return { command: 'BEGIN', rows: [], rowCount: null };
  }
  if (plain && (END.test(text) || SET_TRANSACTION.test(text))) return state.send(config, values);
  if (plain) return theirs(await state.send(`${state.scope}; ${text}`), 1);
  if (typeof client.pipeline === 'boolean') return pipelined(client, state, config, values);
  await state.send(`BEGIN; ${state.scope}`);
  try {
    const result = await state.send(config, values);
    await state.send('COMMIT');
    return result;
  } catch (error) {
    await state.send('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The short transaction of a statement with parameters in ONE round trip: `BEGIN; set_config…`, the
 * statement and `COMMIT` written together (node-postgres' pipeline mode, on only while they are
 * answered; the caller's statements on this connection wait meanwhile). Should the statement fail,
 * the server skips to its Sync and the COMMIT rolls back; should the scope fail, its BEGIN has run
 * and the statement meets an aborted transaction, never running without its scope.
 */
async function pipelined(client: PoolClient, state: TransactionState, config: unknown, values: unknown[] | undefined): Promise<unknown> {
  client.pipeline = true;
  try {
    const sent = [state.send(`BEGIN; ${state.scope}`), state.send(config, values), state.send('COMMIT')];
    const [begun, result, ended] = await Promise.allSettled(sent);
    if (result.status === 'rejected') throw result.reason;
    if (begun.status === 'rejected') throw begun.reason;
    if (ended.status === 'rejected') throw ended.reason;
    return result.value;
  } finally {
    client.pipeline = false;
  }
}

/** Whether the data source's login role skips row-level security (a superuser or a BYPASSRLS role). */
export async function bypassesRowSecurity(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query(`SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`) as { bypass: boolean }[];
  return row?.bypass === true;
}
