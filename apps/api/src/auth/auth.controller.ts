import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Access, CurrentPrincipal, IdentityService, ACCOUNT_HOLDERS, type Principal } from '@tongban/identity';
import { ApiErrorDto } from '../http/api-docs.decorators';
import { RefreshRequestDto, TokenRequestDto, TokenResponseDto } from './token-request.dto';

/** Staff sign-in, token refresh and sign-out. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('token')
  @Access({ roles: 'public', owns: 'self' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in as a member of staff: a short-lived JWT access token and a refresh token', security: [] })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Unknown username or wrong password, a disabled account, or TOTP_REQUIRED' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'TOO_MANY_REQUESTS from this address or ACCOUNT_LOCKED after repeated failures; Retry-After says when to try again' })
  token(@Body() body: TokenRequestDto, @Ip() ip: string): Promise<TokenResponseDto> {
    return this.identity.login(body.username, body.password, body.totp, ip);
  }

  @Post('refresh')
  @Access({ roles: 'public', owns: 'self' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the refresh token is rotated; a reused one ends the session)', security: [] })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Unknown, expired, revoked or reused refresh token' })
  refresh(@Body() body: RefreshRequestDto, @Ip() ip: string): Promise<TokenResponseDto> {
    return this.identity.refresh(body.refreshToken, ip);
  }

  @Post('logout')
  @Access({ roles: ACCOUNT_HOLDERS, owns: 'self', allowRestricted: ['password-change', 'totp-enrolment'] })
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'End the caller\'s session: its access and refresh tokens stop working at once' })
  @ApiNoContentResponse({ description: 'The session is ended' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.identity.logout(principal);
  }
}
