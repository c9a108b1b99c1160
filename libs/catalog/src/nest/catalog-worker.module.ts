import { Module } from '@nestjs/common';
import { RuntimeModule } from '@tongban/runtime';
import { CatalogModule } from './catalog.module';
import { CertificateIssueProcessor } from './certificate-issue.processor';

/** What a worker runs for bundles: the built-in `tongban.certificate.issue` job handler. */
@Module({
  imports: [RuntimeModule, CatalogModule],
  providers: [CertificateIssueProcessor],
})
export class CatalogWorkerModule {}
