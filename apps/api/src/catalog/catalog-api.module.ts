import { Module } from '@nestjs/common';
import { CatalogModule, CatalogSeeder } from '@tongban/catalog';
import { ApplicationClockController } from '../applications/application-clock.controller';
import { IdentityModule } from '@tongban/identity';
import { ApplicationController } from '../applications/application.controller';
import { ApplicationSupplementController } from '../applications/application-supplement.controller';
import { ApplicationMaterialsController } from '../applications/application-materials.controller';
import { TaskCorrectionController } from '../tasks/task-correction.controller';
import { AttachmentController } from '../attachments/attachment.controller';
import { BundleController } from '../bundles/bundle.controller';
import { CalendarController } from '../calendars/calendar.controller';
import { CertificateController } from '../certificates/certificate.controller';
import { ApplicationRatingController } from '../applications/application-rating.controller';
import { NotificationController } from '../notifications/notification.controller';
import { RatingController } from '../ratings/rating.controller';
import { SupervisionController } from '../supervision/supervision.controller';
import { MaterialFollowUpController } from '../material-follow-ups/material-follow-up.controller';
import { WebhookController } from '../webhooks/webhook.controller';
import { CatalogController } from './catalog.controller';
import { FormController } from '../forms/form.controller';

/** The one-thing API: catalogue, bundles, certificates, attachments, applications, calendars, ratings, notifications, webhooks, forms; seeds `workflows/` at start. */
@Module({
  imports: [CatalogModule, IdentityModule],
  controllers: [CatalogController, BundleController, CertificateController, AttachmentController, ApplicationController, ApplicationSupplementController, ApplicationMaterialsController, MaterialFollowUpController, TaskCorrectionController, ApplicationClockController, CalendarController, ApplicationRatingController, RatingController, NotificationController, WebhookController, SupervisionController, FormController],
  providers: [CatalogSeeder],
  exports: [CatalogModule],
})
export class CatalogApiModule {}
