import { Module } from '@nestjs/common';
import { RuntimeControlModule, RuntimeModule } from '@tongban/runtime';
import { ApplicationProgressService } from './application-progress.service';
import { ApprovalDecisionGuard } from './approval-decision.guard';
import { CaseVariablesGuard } from './case-variables.guard';
import { ApplicationService } from './application.service';
import { AttachmentService } from './attachment.service';
import { BundleDeploymentListener } from './bundle-deployment.listener';
import { BundleService } from './bundle.service';
import { CalendarService } from './calendar.service';
import { CaseClockService } from './case-clock.service';
import { TaskClockService } from './task-clock.service';
import { TaskClockMetricsSampler } from './task-clock-metrics.sampler';
import { SupervisionService } from './supervision.service';
import { CatalogService } from './catalog.service';
import { CertificateService } from './certificate.service';
import { StepViewService } from './step-view.service';
import { FormService } from './form.service';
import { CorrectionService } from './correction.service';
import { DeferredMaterialService } from './deferred-material.service';
import { MaterialFollowUpService } from './material-follow-up.service';
import { CaseClockWarningService } from './case-clock-warning.service';

import { RatingService } from '../ratings/rating.service';
import { NotificationService } from '../notifications/notification.service';
import { WebhookService } from '../webhooks/webhook.service';

const SERVICES = [CatalogService, BundleService, CertificateService, AttachmentService, ApplicationService, ApplicationProgressService, StepViewService, CorrectionService, DeferredMaterialService, MaterialFollowUpService, CalendarService, CaseClockService, CaseClockWarningService, TaskClockService, SupervisionService, RatingService, NotificationService, WebhookService, FormService];

/** The catalogue, bundles, certificates, attachments, applications and their ratings, notifications and webhooks over PostgreSQL. */
@Module({
  imports: [RuntimeModule, RuntimeControlModule],
  providers: [...SERVICES, TaskClockMetricsSampler, BundleDeploymentListener, ApprovalDecisionGuard, CaseVariablesGuard],
  exports: SERVICES,
})
export class CatalogModule {}
