import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { SessionService, type Principal } from '@tongban/identity';
import { CLOCK, DomainError, QueueProducer, QueueTopics, RUNTIME_CONFIG, type Clock, type RuntimeConfig } from '@tongban/runtime';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';

/** Where the board is served. */
export const QUEUE_BOARD_PATH = '/admin/queues';
/** The cookie that lets a browser session into the board. */
export const QUEUE_BOARD_COOKIE = 'tongban_queue_board';
/** How long a board pass lasts. */
const PASS_TTL_SECONDS = 15 * 60;
/** How often the board's list of queues is refreshed (queues of new job types appear). */
const REFRESH_MS = 30_000;

interface PassClaims {
  sub: string;
  sid: string;
}

/** bull-board's pieces, loaded when an admin first opens the board rather than at every start. */
interface Board {
  router: RequestHandler;
  addQueue(queue: ReturnType<QueueProducer['queue']>): void;
}

/**
 * bull-board for admins at `/admin/queues`. A browser cannot send a bearer header when it opens a
 * page, so an admin first asks `POST /api/v1/admin/queue-board/session` (the ordinary admin rule),
 * which sets a pass: a 15-minute HS256 token bound to the admin's sign-in session, in an HttpOnly,
 * SameSite=Strict cookie whose path is the board's (so no other route ever sees it, and no other
 * site can make the browser send it). Every board request checks the pass and that the session is
 * still live; signing out ends the pass too. bull-board itself is loaded on the first admitted request.
 */
@Injectable()
export class QueueBoardService {
  private readonly key: KeyObject;
  private board?: Promise<Board>;
  private refreshedAt = -Infinity;
  private shown = new Set<string>();

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly producer: QueueProducer,
    private readonly topics: QueueTopics,
  ) {
    this.key = createSecretKey(Buffer.from(`queue-board:${config.jwtSecret}`, 'utf8'));
  }

  /** A pass for `principal` (an admin with a sign-in session): the cookie header value and when it ends. */
  issuePass(principal: Principal): { cookie: string; expiresAt: Date } {
    if (!principal.sessionId) throw new DomainError('UNAUTHENTICATED', 'The queue board needs a signed-in member of staff (a bearer token), not an API key');
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const claims: PassClaims & { iat: number; exp: number } = { sub: principal.name, sid: principal.sessionId, iat: now, exp: now + PASS_TTL_SECONDS };
    const token = jwt.sign(claims, this.key, { algorithm: 'HS256', audience: 'queue-board', issuer: 'tongban' });
    const secure = this.config.production ? '; Secure' : '';
    return {
      cookie: `${QUEUE_BOARD_COOKIE}=${token}; Path=${QUEUE_BOARD_PATH}; Max-Age=${PASS_TTL_SECONDS}; HttpOnly; SameSite=Strict${secure}`,
      expiresAt: new Date((now + PASS_TTL_SECONDS) * 1000),
    };
  }

  /** The board behind the pass check: 401 (JSON) without a valid pass of a live session. */
  handler(): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      this.admit(request)
        .then(() => this.refreshQueues())
        .then((board) => board.router(request, response, next))
        .catch((error: unknown) => {
          response.status(401).json({ code: 'UNAUTHENTICATED', message: `${(error as Error).message}: open the board through POST /api/v1/admin/queue-board/session as an admin` });
        });
    };
  }

  private async admit(request: Request): Promise<void> {
    const token = cookie(request.headers.cookie, QUEUE_BOARD_COOKIE);
    if (!token) throw new Error('No queue board pass');
    let claims: PassClaims;
    try {
      claims = jwt.verify(token, this.key, { algorithms: ['HS256'], audience: 'queue-board', issuer: 'tongban', clockTimestamp: Math.floor(this.clock.now().getTime() / 1000) }) as PassClaims;
    } catch (error) {
      throw new Error(`Invalid queue board pass (${(error as Error).message})`, { cause: error });
    }
    await this.sessions.assertActive(claims.sid, claims.sub);
  }

  private async refreshQueues(): Promise<Board> {
    const board = await (this.board ??= createBoard());
    if (performance.now() - this.refreshedAt < REFRESH_MS) return board;
    this.refreshedAt = performance.now();
    for (const topic of await this.topics.list()) {
      if (this.shown.has(topic)) continue;
      this.shown.add(topic);
      board.addQueue(this.producer.queue(topic));
    }
    return board;
  }
}

async function createBoard(): Promise<Board> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([import('@bull-board/api'), import('@bull-board/api/bullMQAdapter'), import('@bull-board/express')]);
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  const board = createBullBoard({ queues: [], serverAdapter: adapter as unknown as IServerAdapter, options: { uiConfig: { boardTitle: 'Tongban queues' } } });
  return { router: adapter.getRouter() as RequestHandler, addQueue: (queue) => board.addQueue(new BullMQAdapter(queue)) };
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
