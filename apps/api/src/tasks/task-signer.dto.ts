import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_COMMENT_LENGTH } from '@tongban/runtime';

export const SIGNER_POSITIONS = ['parallel', 'before', 'after'];

export class AddSignersDto {
  @ApiPropertyOptional({ type: [String], example: ['clerk.health'], description: 'the clerks who sign (each holds their task). Give this or `departments`' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(255, { each: true })
  users?: string[];

  @ApiPropertyOptional({ type: [String], example: ['fire-rescue'], description: "the departments whose queues get a signer's task. Give this or `users`" })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(255, { each: true })
  departments?: string[];

  @ApiProperty({ enum: SIGNER_POSITIONS, description: '`parallel`: more inner instances of a countersign (会签/或签/票签); `before` (前加签): the signers work first while the task waits; `after` (后加签): the signers work once the task completes, before the case moves on' })
  @IsIn(SIGNER_POSITIONS)
  position: 'parallel' | 'before' | 'after';

  @ApiProperty({ example: '涉及消防安全，请消防部门会签。', description: 'why (the opinion kept in the history); at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;
}

export class RemoveSignerDto {
  @ApiProperty({ example: '该事项不涉及消防，减签。', description: 'why (the opinion kept in the history); at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;
}

export class SignersAddedDto {
  @ApiProperty() taskId: string;
  @ApiProperty({ enum: SIGNER_POSITIONS }) position: string;
  @ApiProperty({ type: [String], description: 'the new signers\' task ids (none yet for `after`: they are created when the task completes)' }) taskIds: string[];
}
