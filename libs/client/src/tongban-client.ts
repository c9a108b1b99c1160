import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.types';

/** The typed REST client: every path, parameter, body and response of docs/openapi.json. */
export type TongbanClient = Client<paths>;

/** The body of every failed request (problem details: a status, a machine-readable code, a message). */
export type ApiErrorBody = components['schemas']['ApiErrorDto'];

export interface TongbanClientOptions {
  /** Where Tongban runs, e.g. `https://tongban.example.gov.cn` (the paths start with `/api/v1`). */
  baseUrl: string;
  /** A system API key (sent as `X-API-Key`). */
  apiKey?: string;
  /** A staff access token (sent as `Authorization: Bearer …`). */
  token?: string;
  /** A fetch implementation; the global one when absent. */
  fetch?: (input: Request) => Promise<Response>;
}

/** Creates a typed client of the Tongban REST API (openapi-fetch over the generated OpenAPI types). */
export function createTongbanClient(options: TongbanClientOptions): TongbanClient {
  const headers: Record<string, string> = {};
  if (options.apiKey) headers['X-API-Key'] = options.apiKey;
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
}

/** A request the API refused or failed, with its error body. */
export class TongbanApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TongbanApiError';
  }
}

/** The data of a successful call, or a `TongbanApiError` with the API's code and message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const body = (result.error ?? {}) as Partial<ApiErrorBody>;
    throw new TongbanApiError(result.response.status, body.code ?? `HTTP_${result.response.status}`, body.message ?? result.response.statusText, body.details as Record<string, unknown> | undefined);
  }
  return result.data as T;
}
