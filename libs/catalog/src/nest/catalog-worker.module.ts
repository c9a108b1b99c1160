import { Module } from '@nestjs/common';
import { RuntimeModule } from '@tongban/runtime';
import { CatalogModule } from './catalog.module';
import { CertificateIssueProcessor } from './certificate-issue.processor';
import { CorrectionDeadlineProcessor } from './correction-deadline.processor';

/** What a worker runs for bundles: the built-in `tongban.certificate.issue` job handler and the deadlines of correction requests. */
@Module({
  imports: [RuntimeModule, CatalogModule],
  providers: [CertificateIssueProcessor, CorrectionDeadlineProcessor],
})
export class CatalogWorkerModule {}
