import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, UserService, type Principal } from '@tongban/identity';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { paging } from '../http/paging.dto';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserDto, UserPageDto, UserQuery, UserWithPasswordDto } from './user.dto';

/** Staff accounts, managed by admins; every change is written to the identity audit trail. */
@ApiTags('users')
@ApiProtected()
@Controller('users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post()
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'Create a user with a one-time password (given, or generated and returned once) to change at first sign-in' })
  @ApiCreatedResponse({ type: UserWithPasswordDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The username is taken' })
  create(@Body() body: CreateUserDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<UserWithPasswordDto> {
    return this.users.create(body, { actor, ip });
  }

  @Get()
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'List users (never their password hashes)' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: UserQuery): Promise<UserPageDto> {
    return this.users.list({ department: query.department, ...paging(query) });
  }

  @Get(':username')
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@Param('username') username: string): Promise<UserDto> {
    return this.users.get(username);
  }

  @Patch(':username')
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'Change display name, department or roles; a change of roles or department ends the user\'s sessions' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  update(@Param('username') username: string, @Body() body: UpdateUserDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<UserDto> {
    return this.users.update(username, body, { actor, ip });
  }

  @Post(':username/disable')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a user: sign-in is refused and their tokens stop working at once' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  disable(@Param('username') username: string, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<UserDto> {
    return this.users.disable(username, { actor, ip });
  }

  @Post(':username/enable')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  enable(@Param('username') username: string, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<UserDto> {
    return this.users.enable(username, { actor, ip });
  }

  @Post(':username/reset-password')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a one-time password (given, or generated and returned once) the user must change at next sign-in; ends their sessions and lifts a lockout' })
  @ApiOkResponse({ type: UserWithPasswordDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  resetPassword(@Param('username') username: string, @Body() body: ResetPasswordDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<UserWithPasswordDto> {
    return this.users.resetPassword(username, body.password, { actor, ip });
  }

  @Post(':username/reset-totp')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a user\'s TOTP second factor (a lost device): they sign in with the password and enrol again; ends their sessions' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  resetTotp(@Param('username') username: string, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<UserDto> {
    return this.users.resetTotp(username, { actor, ip });
  }
}
