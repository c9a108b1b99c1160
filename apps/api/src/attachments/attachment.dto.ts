import { ApiProperty } from '@nestjs/swagger';

/** An uploaded material's metadata. */
export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '平面图.pdf' }) name: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ example: 'application/pdf' }) mediaType: string;
  @ApiProperty({ description: 'hex SHA-256 of the bytes' }) sha256: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}
