import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** What `POST /forms` accepts: a name and a form-js schema (its `id` is the form id). */
export class SaveFormDto {
  @ApiProperty({ example: '营业执照审查意见', maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({
    type: 'object', additionalProperties: true,
    description: 'a @bpmn-io/form-js schema: `id` (the form id user tasks link), `components`; a component bound to the field dictionary names the field in `properties.field` and uses it as `key`',
    example: { id: 'licence-review', type: 'default', components: [{ type: 'textfield', key: 'company.name', label: '企业名称', properties: { field: 'company.name' } }, { type: 'textarea', key: 'opinion', label: '审查意见' }] },
  })
  @IsObject() schema: Record<string, unknown>;
}

/** Which language generated labels are in. */
export class FormTemplateQuery {
  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh' }) @IsOptional() @IsIn(['zh', 'en']) locale?: 'zh' | 'en';
}

/** A stored form version (the schema omitted in lists). */
export class FormSummaryDto {
  @ApiProperty({ example: 'licence-review' }) formId: string;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ example: '营业执照审查意见' }) name: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'designer' }) createdBy: string | null;
}

/** The latest version of every form. */
export class FormPageDto {
  @ApiProperty({ type: [FormSummaryDto] }) items: FormSummaryDto[];
  @ApiProperty() total: number;
}

/** One stored form version with its schema and the versions of its form. */
export class FormDto extends FormSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the form-js schema' }) schema: Record<string, unknown>;
  @ApiProperty({ type: [Number], description: 'every version of the form, newest first', example: [2, 1] }) versions: number[];
}

/** The answer to `POST /forms`: the version stored, and whether it is new. */
export class SavedFormDto extends FormDto {
  @ApiProperty({ description: 'false when the name and schema equal the latest version (nothing was written)' }) created: boolean;
}

/** A form generated from the field dictionary. */
export class FormTemplateDto {
  @ApiProperty({ example: '开办餐饮店' }) name: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'a form-js schema whose components are bound to dictionary fields, with their validation (required, pattern, maxLength, min, max)' }) schema: Record<string, unknown>;
}

/** The linked form of a task, reduced to its step. */
export class TaskFormDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ example: 'licence-review' }) formId: string;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the form-js schema with only the fields the step may see; read-only ones are `readonly` and `disabled`' }) schema: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the values the form opens with, by field key (masked where the step view masks)' }) data: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'keys shown read-only' }) readOnly: string[];
  @ApiProperty({ type: [String], description: 'keys a completion may send as variables' }) editable: string[];
}
