import { Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { IdentityError, OidcProviderUnavailableError } from '../errors/identity.error';
import { InjectOidcConfig, type OidcConfig } from './oidc-config';

/** What a sign-in must remember between the redirect to the provider and its callback. */
export interface OidcFlowSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Seconds Tongban waits for the identity provider on each request. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** The error's `cause`, when it is an error (told by shape: fetch's errors come from another realm under some runners). */
function causeOf(error: unknown): (Error & { code?: string }) | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return typeof cause === 'object' && cause !== null && typeof (cause as Error).message === 'string' ? (cause as Error) : undefined;
}

/** A failure of the network or the provider itself, not of this sign-in (openid-client wraps fetch's errors). */
function providerFault(error: unknown): boolean {
  if (error instanceof client.ResponseBodyError) return error.status >= 500;
  const code = (error as { code?: string })?.code;
  if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') return true;
  if (error instanceof client.ClientError) return causeOf(error)?.name === 'TypeError';
  return (error as Error)?.name === 'TypeError';
}

/** A short, secret-free reason of a provider failure, for the error and the log: down to the network's cause. */
function reasonOf(error: unknown): string {
  if (error instanceof client.ResponseBodyError) return `${error.status} ${error.error}`;
  const parts = [(error as Error)?.message ?? String(error)];
  let cause = causeOf(error);
  for (let depth = 0; cause && depth < 3; depth += 1, cause = causeOf(cause)) parts.push(`${cause.message}${cause.code ? ` (${cause.code})` : ''}`);
  return parts.filter(Boolean).join(': ').slice(0, 300);
}

/**
 * The relying party towards the agency's OpenID Connect provider (`openid-client`): discovery on
 * first use and again after a failure (a provider that is down does not stop Tongban from
 * starting), the authorization URL with PKCE, state and nonce, and the code exchange.
 */
@Injectable()
export class OidcClient {
  private readonly logger = new Logger(OidcClient.name);
  private configuration?: Promise<client.Configuration>;

  constructor(@InjectOidcConfig() private readonly config: OidcConfig | null) {}

  get enabled(): boolean {
    return this.config !== null;
  }

  /** The settings, or 404 `OIDC_NOT_CONFIGURED`. */
  settings(): OidcConfig {
    if (!this.config) throw new IdentityError('OIDC_NOT_CONFIGURED', 'Single sign-on is not configured on this installation (TONGBAN_OIDC_ISSUER)');
    return this.config;
  }

  /** The provider's authorization URL for a new sign-in, and the secrets its callback is checked against. */
  async authorizationUrl(): Promise<{ url: URL; secrets: OidcFlowSecrets }> {
    const settings = this.settings();
    const configuration = await this.discovered();
    const secrets: OidcFlowSecrets = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
      state: secrets.state,
      nonce: secrets.nonce,
    });
    return { url, secrets };
  }

  /**
   * Exchanges the callback's code (with the PKCE verifier, checking state and nonce) and returns the
   * claims of the ID token merged with the provider's userinfo. A refused code is 401
   * `OIDC_CODE_REFUSED`; an unreachable provider 502.
   */
  async claimsOf(query: URLSearchParams, secrets: OidcFlowSecrets): Promise<Record<string, unknown>> {
    const settings = this.settings();
    const configuration = await this.discovered();
    const callback = new URL(settings.redirectUri);
    callback.search = query.toString();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: secrets.codeVerifier, expectedState: secrets.state, expectedNonce: secrets.nonce, idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      return { ...userinfo, ...idClaims };
    } catch (error) {
      throw this.refusal(error);
    }
  }

  /** Discovery, cached once it succeeded; a failed attempt is forgotten so the next sign-in tries again. */
  private discovered(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      const reason = reasonOf(error);
      this.logger.warn(`OpenID Connect discovery of ${this.config!.issuer.href} failed: ${reason}`);
      throw new OidcProviderUnavailableError(`discovery of ${this.config!.issuer.href} failed (${reason})`);
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const settings = this.settings();
    const insecure = settings.issuer.protocol === 'http:';
    return client.discovery(settings.issuer, settings.clientId, settings.clientSecret, client.ClientSecretBasic(settings.clientSecret), {
      timeout: PROVIDER_TIMEOUT_SECONDS,
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
  }

  private refusal(error: unknown): Error {
    if (providerFault(error)) {
      const reason = reasonOf(error);
      this.logger.warn(`OpenID Connect provider failed during sign-in: ${reason}`);
      return new OidcProviderUnavailableError(reason);
    }
    if (error instanceof client.AuthorizationResponseError) {
      return new IdentityError('OIDC_CODE_REFUSED', `The identity provider refused the sign-in: ${error.error}`, { error: error.error });
    }
    if (error instanceof client.ResponseBodyError) {
      return new IdentityError('OIDC_CODE_REFUSED', `The identity provider refused the authorization code (${error.error}): it was used already, has expired or belongs to another sign-in`, { error: error.error });
    }
    return new IdentityError('OIDC_CODE_REFUSED', `The identity provider's answer failed validation: ${reasonOf(error)}`);
  }
}
