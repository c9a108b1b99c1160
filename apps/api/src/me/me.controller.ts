import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ACCOUNT_HOLDERS, CurrentPrincipal, IdentityService, STAFF_ROLES, TotpEnrolmentService, UserService, type Principal } from '@tongban/identity';
import { TokenResponseDto } from '../auth/token-request.dto';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { ChangePasswordDto, ConfirmTotpDto, MeDto, TotpEnrolmentDto } from './me.dto';

/** The signed-in member of staff's own account: password and second factor. */
@ApiTags('me')
@ApiProtected()
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UserService,
    private readonly identity: IdentityService,
    private readonly totp: TotpEnrolmentService,
  ) {}

  @Get()
  @Access({ roles: ACCOUNT_HOLDERS, owns: 'self', allowRestricted: ['password-change', 'totp-enrolment'] })
  @ApiOperation({ summary: 'The caller\'s account' })
  @ApiOkResponse({ type: MeDto })
  async get(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const user = await this.users.get(principal.name);
    return { username: user.username, displayName: user.displayName, roles: user.roles, department: user.department, mustChangePassword: user.mustChangePassword, totpEnabled: user.totpEnabled };
  }

  @Post('password')
  @Access({ roles: ACCOUNT_HOLDERS, owns: 'self', allowRestricted: ['password-change', 'totp-enrolment'] })
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the own password; every session ends and a new one is returned', description: 'A refused new password answers 400 PASSWORD_POLICY with `details.rule` (min-length, contains-username, common-password).' })
  @ApiOkResponse({ type: TokenResponseDto })
  async changePassword(@Body() body: ChangePasswordDto, @CurrentPrincipal() principal: Principal, @Ip() ip: string): Promise<TokenResponseDto> {
    const user = await this.users.changeOwnPassword(principal, body.currentPassword, body.newPassword, ip);
    return this.identity.startSession(user);
  }

  @Post('totp')
  @Access({ roles: STAFF_ROLES, owns: 'self', allowRestricted: ['totp-enrolment'] })
  @ApiOperation({ summary: 'Start enrolling a TOTP second factor: the secret and otpauth URI are shown once; confirm with a code' })
  @ApiCreatedResponse({ type: TotpEnrolmentDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'TOTP is enrolled already' })
  enrol(@CurrentPrincipal() principal: Principal): Promise<TotpEnrolmentDto> {
    return this.totp.begin(principal);
  }

  @Post('totp/confirm')
  @Access({ roles: STAFF_ROLES, owns: 'self', allowRestricted: ['totp-enrolment'] })
  @HttpCode(200)
  @ApiOperation({ summary: 'Switch TOTP on with a first valid code; sign-in asks for a code from then on. Returns a new, unrestricted session' })
  @ApiOkResponse({ type: TokenResponseDto })
  async confirm(@Body() body: ConfirmTotpDto, @CurrentPrincipal() principal: Principal, @Ip() ip: string): Promise<TokenResponseDto> {
    const user = await this.totp.confirm(principal, body.code, ip);
    await this.identity.logout(principal);
    return this.identity.startSession(user);
  }
}
