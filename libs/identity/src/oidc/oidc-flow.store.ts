import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SignInUnavailableError } from '../errors/identity.error';
import { IdentityRedis } from '../login/identity-redis';
import type { OidcFlowSecrets } from './oidc-client';

/** How long a sign-in may stay at the provider. */
export const OIDC_FLOW_TTL_SECONDS = 600;
/** How long the web app has to redeem the ticket of a completed sign-in. */
export const OIDC_TICKET_TTL_SECONDS = 60;

function hashed(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Sign-ins in flight, in Redis so every api process can complete them: the secrets of a flow under
 * its state, and the one-time ticket a completed sign-in hands to the web app. Each is taken once
 * (GETDEL), so a replayed callback or ticket finds nothing.
 */
@Injectable()
export class OidcFlowStore {
  constructor(private readonly redis: IdentityRedis) {}

  async saveFlow(secrets: OidcFlowSecrets): Promise<void> {
    await this.guard(this.redis.client.set(this.redis.key('oidc-flow', hashed(secrets.state)), JSON.stringify(secrets), 'EX', OIDC_FLOW_TTL_SECONDS));
  }

  /** The flow of `state`, removed; `null` when unknown, expired or taken already. */
  async takeFlow(state: string): Promise<OidcFlowSecrets | null> {
    const raw = await this.guard(this.redis.client.getdel(this.redis.key('oidc-flow', hashed(state))));
    return raw ? (JSON.parse(raw) as OidcFlowSecrets) : null;
  }

  /** A new one-time ticket for `username`'s session. */
  async issueTicket(username: string): Promise<string> {
    const ticket = randomBytes(32).toString('base64url');
    await this.guard(this.redis.client.set(this.redis.key('oidc-ticket', hashed(ticket)), username, 'EX', OIDC_TICKET_TTL_SECONDS));
    return ticket;
  }

  /** The username of a ticket, removed; `null` when unknown, expired or redeemed already. */
  async redeemTicket(ticket: string): Promise<string | null> {
    return this.guard(this.redis.client.getdel(this.redis.key('oidc-ticket', hashed(ticket))));
  }

  private async guard<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      throw new SignInUnavailableError(error);
    }
  }
}
