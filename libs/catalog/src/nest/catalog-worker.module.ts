import { Module } from '@nestjs/common';
import { RuntimeModule } from '@tongban/runtime';
import { CatalogModule } from './catalog.module';
import { CertificateIssueProcessor } from './certificate-issue.processor';
import { CorrectionDeadlineProcessor } from './correction-deadline.processor';
import { ClockWarningProcessor } from './clock-warning.processor';
import { DeferredDeadlineProcessor } from './deferred-deadline.processor';
import { CaseClockWarningProcessor } from './case-clock-warning.processor';
import { DomainEventProcessor } from '../notifications/domain-event.processor';
import { WebhookDeliveryProcessor } from '../webhooks/webhook-delivery.processor';

/**
 * What a worker runs for bundles: the built-in `tongban.certificate.issue` job handler, the deadlines
 * of correction requests and of deferred materials, the warnings of task, item and case clocks, and the processors that make domain events into notifications and deliver webhooks.
 */
@Module({
  imports: [RuntimeModule, CatalogModule],
  providers: [CertificateIssueProcessor, CorrectionDeadlineProcessor, ClockWarningProcessor, CaseClockWarningProcessor, DeferredDeadlineProcessor, DomainEventProcessor, WebhookDeliveryProcessor],
})
export class CatalogWorkerModule {}
