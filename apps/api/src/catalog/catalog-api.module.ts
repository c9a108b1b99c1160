import { Module } from '@nestjs/common';
import { CatalogModule, CatalogSeeder } from '@tongban/catalog';
import { IdentityModule } from '@tongban/identity';
import { ApplicationController } from '../applications/application.controller';
import { AttachmentController } from '../attachments/attachment.controller';
import { BundleController } from '../bundles/bundle.controller';
import { CertificateController } from '../certificates/certificate.controller';
import { CatalogController } from './catalog.controller';

/** The one-thing API: catalogue, bundles, certificates, attachments, applications; seeds `workflows/` at start. */
@Module({
  imports: [CatalogModule, IdentityModule],
  controllers: [CatalogController, BundleController, CertificateController, AttachmentController, ApplicationController],
  providers: [CatalogSeeder],
  exports: [CatalogModule],
})
export class CatalogApiModule {}
