import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** How staff and applicants can sign in here, for the login page. */
export class AuthConfigDto {
  @ApiProperty({ description: 'username and password (POST /api/v1/auth/token)' }) password: boolean;
  @ApiProperty({ description: "the agency's identity provider (GET /api/v1/auth/oidc/login)" }) oidc: boolean;
}

/** Where to send the browser, for callers that ask for JSON instead of a redirect. */
export class OidcRedirectDto {
  @ApiProperty({ description: 'the URL the browser goes to next' }) location: string;
}

export class OidcTicketRequestDto {
  @ApiProperty({ description: 'the `oidc_ticket` the callback handed to the web app; accepted once, within a minute' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  ticket: string;
}
