import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsDefined, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';

export class ApiKeyScopesDto {
  @ApiProperty({ type: [String], example: ['open-restaurant'], description: 'process keys the key may start; "*" for all' })
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(200, { each: true })
  processes: string[];

  @ApiProperty({ type: [String], example: ['market.license-check'], description: 'job types the key may activate and work on; "*" for all' })
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(200, { each: true })
  jobTypes: string[];

  @ApiProperty({ description: 'whether the key may read case data (instances, variables, history, applications, certificates)' })
  @IsBoolean()
  readCaseData: boolean;

  @ApiProperty({ description: 'whether the key may submit applications and upload materials for applicants' })
  @IsBoolean()
  actForApplicants: boolean;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'portal-production', description: 'the key\'s name; kept when it is rotated' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$/, { message: 'name may use letters, digits, ".", "_" and "-" (2–100 characters)' })
  name: string;

  @ApiProperty({ example: '市政务服务网', description: 'the integrator (portal, app, department system) the key belongs to' })
  @IsString() @MinLength(1) @MaxLength(200)
  integrator: string;

  @ApiProperty({ type: ApiKeyScopesDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ApiKeyScopesDto)
  scopes: ApiKeyScopesDto;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'when the key stops working' })
  @IsOptional() @Type(() => Date) @IsDate()
  expiresAt?: Date;
}

export class UpdateApiKeyDto {
  @ApiPropertyOptional({ type: ApiKeyScopesDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ApiKeyScopesDto)
  scopes?: ApiKeyScopesDto;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'when the key stops working (a past time expires it now); null for never' })
  @IsOptional() @ValidateIf((_, value) => value !== null) @Type(() => Date) @IsDate()
  expiresAt?: Date | null;
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({ description: 'seconds the old key keeps working; the configured default (24 h) when absent', minimum: 0 })
  @IsOptional() @IsInt() @Min(0)
  graceSeconds?: number;
}

export class ApiKeyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() integrator: string;
  @ApiProperty({ type: ApiKeyScopesDto }) scopes: ApiKeyScopesDto;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) state: 'active' | 'expired' | 'revoked';
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) expiresAt: Date | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the key this one replaced' }) rotatedFrom: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ApiKeyWithSecretDto extends ApiKeyDto {
  @ApiProperty({ description: 'the secret, shown only in this response; send it as X-API-Key' }) key: string;
}

export class RotatedApiKeyDto extends ApiKeyWithSecretDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'when the replaced key stops working' }) previousExpiresAt: Date;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
}

export class ApiKeyQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  integrator?: string;
}
