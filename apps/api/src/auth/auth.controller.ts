import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IdentityService, Public } from '@tongban/identity';
import { TokenRequestDto, TokenResponseDto } from './token-request.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in as a member of staff and receive a JWT access token', security: [] })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Unknown username or wrong password' })
  token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    return this.identity.login(body.username, body.password);
  }
}
