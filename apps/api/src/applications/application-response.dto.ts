import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TaskCorrectionDto } from '../tasks/task-correction.dto';

/** A material exempted (免提交) by a certificate on file, with the evidence of the check. */
export class ExemptMaterialDto {
  @ApiProperty() item: string;
  @ApiProperty() name: string;
  @ApiProperty() certificateId: string;
  @ApiProperty() certificateType: string;
  @ApiProperty({ format: 'date-time', description: 'when the certificate was checked valid, unexpired and held by the right person' }) checkedAt: string;
  @ApiPropertyOptional({ description: 'the region whose register holds the certificate (certificates are national)' }) certificateRegion?: string;
}

/** A material an earlier step of the case will issue. */
export class PendingMaterialDto {
  @ApiProperty() item: string;
  @ApiProperty() name: string;
  @ApiProperty() certificateType: string;
  @ApiProperty({ description: 'the item whose certificate satisfies it' }) issuedBy: string;
  @ApiPropertyOptional({ description: 'in the case view: whether the certificate has been issued' }) satisfied?: boolean;
  @ApiPropertyOptional() certificateId?: string;
}

/** A non-key material accepted missing (容缺), due later. */
export class DeferredMaterialDto {
  @ApiProperty() item: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'the deadline as entered or the item\'s default; null while it is not counted (`deadlineProblem`)' }) deadline: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'YYYY-MM-DD; null while the deadline is not counted' }) deadlineDate?: string | null;
  @ApiPropertyOptional({ description: 'why the deadline is not counted yet (CALENDAR_YEAR_UNKNOWN: the item\'s limit reaches a year the calendar does not know; it is counted from the acceptance when the year is entered)' }) deadlineProblem?: string;
  @ApiPropertyOptional() overdue?: boolean;
}

/** A material handed in as an upload. */
export class UploadedMaterialDto {
  @ApiProperty() item: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) attachmentId: string;
}

/** An accepted application (受理): the case, and how each material was satisfied. */
export class AcceptedApplicationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processInstanceId: string;
  @ApiProperty() bundleCode: string;
  @ApiProperty({ type: [ExemptMaterialDto] }) exemptMaterials: ExemptMaterialDto[];
  @ApiProperty({ type: [PendingMaterialDto] }) pendingMaterials: PendingMaterialDto[];
  @ApiProperty({ type: [DeferredMaterialDto] }) deferredMaterials: DeferredMaterialDto[];
  @ApiProperty({ type: [UploadedMaterialDto] }) uploadedMaterials: UploadedMaterialDto[];
  @ApiProperty({ type: [Object], description: 'always empty: an incomplete application is refused with 422' }) missingMaterials: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the one-time notice (一次性告知): {bundle, complete, missing, toSupplyLater, message}' }) notice: Record<string, unknown>;
}

/** The certificate an item issued. */
export class ItemCertificateDto {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty() number: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiPropertyOptional() conditional?: boolean;
}

/** Where one item of a case stands. */
export class ItemProgressDto {
  @ApiProperty() item: string;
  @ApiProperty() name: string;
  @ApiProperty() department: string;
  @ApiProperty({ example: 'in-progress' }) state: string;
  @ApiPropertyOptional() decision?: string;
  @ApiPropertyOptional({ description: '审批意见' }) opinion?: string;
  @ApiProperty() promisedDays: number;
  @ApiProperty({ enum: ['working', 'calendar', 'working-hours', 'hours'] }) dayUnit: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) startedAt?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) endedAt?: Date;
  @ApiPropertyOptional({ type: ItemCertificateDto }) certificate?: ItemCertificateDto;
  @ApiPropertyOptional({ type: [String], description: '容缺: approved, its certificate waiting for these deferred materials' }) awaitingMaterials?: string[];
}

/** The applicant of a case as the public-safe view shows it. */
export class ApplicantViewDto {
  @ApiProperty({ enum: ['citizen', 'company'] }) type: string;
  @ApiProperty({ description: 'masked for supervisors and admins unless unmasked' }) name: string;
}

/** A case as the applicant may see it: no staff names, no internal task or job ids. */
export class ApplicationProgressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() bundleCode: string;
  @ApiProperty() bundleName: string;
  @ApiProperty({ example: 'active' }) state: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'what the case came to once ended; null while it runs' }) outcome: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) endedAt: Date | null;
  @ApiProperty({ type: ApplicantViewDto }) applicant: ApplicantViewDto;
  @ApiProperty({ type: [ItemProgressDto] }) items: ItemProgressDto[];
  @ApiProperty({ type: [ExemptMaterialDto] }) exemptMaterials: ExemptMaterialDto[];
  @ApiProperty({ type: [PendingMaterialDto] }) pendingMaterials: PendingMaterialDto[];
  @ApiProperty({ type: [DeferredMaterialDto] }) deferredMaterials: DeferredMaterialDto[];
  @ApiProperty({ type: [UploadedMaterialDto] }) uploadedMaterials: UploadedMaterialDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'the open correction request (补正): {item, items, comment, deadlineDate, …}; null when none is open; `deadlineDate` null with `deadlineProblem` while its deadline is not counted' })
  correction: Record<string, unknown> | null;
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationProgressDto] }) items: ApplicationProgressDto[];
  @ApiProperty() total: number;
}

/** The case's materials after deferred ones were handed in. */
export class HandedInMaterialsDto {
  @ApiProperty({ type: [DeferredMaterialDto] }) deferredMaterials: DeferredMaterialDto[];
  @ApiProperty({ type: [UploadedMaterialDto] }) uploadedMaterials: UploadedMaterialDto[];
}

/** The correction request (补正) a supplement answered. */
export class SupplementAnswerDto {
  @ApiProperty({ type: TaskCorrectionDto }) correction: TaskCorrectionDto;
}
