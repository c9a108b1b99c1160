/** The slice of node-postgres the suite uses, typed here because the project carries no @types/pg. */
export interface QueryResult<Row = any> {
  rows: Row[];
  rowCount: number | null;
}

export interface Queryable {
  query<Row = any>(text: string, values?: unknown[]): Promise<QueryResult<Row>>;
}

export interface PoolClient extends Queryable {
  release(error?: Error | boolean): void;
}

export interface Pool extends Queryable {
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): this;
}

export interface Client extends Queryable {
  connect(): Promise<void>;
  end(): Promise<void>;
}

export interface PoolConfig {
  connectionString?: string;
  max?: number;
  application_name?: string;
  idleTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
}

const pg = require('pg') as {
  Pool: new (config: PoolConfig) => Pool;
  Client: new (config: { connectionString: string; application_name?: string }) => Client;
};

export const PgPool = pg.Pool;
export const PgClient = pg.Client;
