import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse, ApiBadRequestResponse, ApiForbiddenResponse, ApiFoundResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Access, OidcLoginService } from '@tongban/identity';
import type { Request, Response } from 'express';
import { ApiErrorDto } from '../http/api-docs.decorators';
import { AuthConfigDto, OidcRedirectDto, OidcTicketRequestDto } from './oidc.dto';
import { TokenResponseDto } from './token-request.dto';

/** The cookie that ties a sign-in at the provider to the browser that started it. */
const STATE_COOKIE = 'tongban_oidc_state';
const COOKIE_PATH = '/api/v1/auth/oidc';

function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Answers a browser with a redirect, a caller that accepts only JSON with the location. */
function redirect(request: Request, response: Response, location: string): void {
  if (request.accepts(['html', 'json']) === 'json') response.status(200).json({ location });
  else response.redirect(302, location);
}

/** Single sign-on through the agency's OpenID Connect provider (authorization code flow with PKCE). */
@ApiTags('auth')
@Controller('auth')
export class OidcController {
  constructor(private readonly oidc: OidcLoginService) {}

  @Get('config')
  @Access({ roles: 'public', owns: 'self' })
  @ApiOperation({ summary: 'How one can sign in here: password, and the identity provider when configured', security: [] })
  @ApiOkResponse({ type: AuthConfigDto })
  config(): AuthConfigDto {
    return { password: true, oidc: this.oidc.enabled };
  }

  @Get('oidc/login')
  @Access({ roles: 'public', owns: 'self' })
  @ApiOperation({ summary: "Start signing in at the agency's identity provider: a redirect there (JSON `{location}` for `Accept: application/json`)", security: [] })
  @ApiFoundResponse({ description: "to the provider's authorization endpoint; sets the state cookie" })
  @ApiOkResponse({ type: OidcRedirectDto, description: 'for `Accept: application/json`' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'OIDC_NOT_CONFIGURED' })
  @ApiBadGatewayResponse({ type: ApiErrorDto, description: 'OIDC_PROVIDER_UNAVAILABLE: discovery failed; tried again on the next sign-in' })
  async login(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { url, state } = await this.oidc.begin();
    response.cookie(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: COOKIE_PATH, maxAge: 600_000 });
    redirect(request, response, url);
  }

  @Get('oidc/callback')
  @Access({ roles: 'public', owns: 'self' })
  @ApiOperation({ summary: 'Where the identity provider returns: the account is provisioned or linked, and the web app gets a one-time ticket', security: [] })
  @ApiFoundResponse({ description: 'to the web app with `?oidc_ticket=…`' })
  @ApiOkResponse({ type: OidcRedirectDto, description: 'for `Accept: application/json`' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'OIDC_STATE_INVALID: another browser, a replayed or expired sign-in' })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'OIDC_CODE_REFUSED (e.g. a code used already) or a disabled account' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'OIDC_DEPARTMENT_UNKNOWN or OIDC_CLAIMS_REFUSED: the claims name no usable department, role or account' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'OIDC_NOT_CONFIGURED' })
  @ApiBadGatewayResponse({ type: ApiErrorDto, description: 'OIDC_PROVIDER_UNAVAILABLE' })
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const query = new URLSearchParams(request.originalUrl.split('?')[1] ?? '');
    response.clearCookie(STATE_COOKIE, { path: COOKIE_PATH });
    const location = await this.oidc.complete(query, cookieOf(request, STATE_COOKIE), request.ip ?? '');
    redirect(request, response, location);
  }

  @Post('oidc/ticket')
  @Access({ roles: 'public', owns: 'self' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Redeem the one-time ticket of an identity provider sign-in for session tokens (as POST /auth/token gives)', security: [] })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'OIDC_TICKET_INVALID: unknown, expired or redeemed already; or the account is disabled' })
  ticket(@Body() body: OidcTicketRequestDto): Promise<TokenResponseDto> {
    return this.oidc.redeem(body.ticket);
  }
}
