import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MAX_PHRASE_LENGTH } from '@tongban/identity';

export class AddPhraseDto {
  @ApiProperty({ example: '材料齐全，符合法定条件，同意。', description: `an opinion the caller writes often; at most ${MAX_PHRASE_LENGTH} characters` })
  @IsString() @IsNotEmpty() @MaxLength(MAX_PHRASE_LENGTH)
  text: string;
}

export class PhraseDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
  @ApiProperty() createdAt: Date;
}
