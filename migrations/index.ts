import { InitialSchema1763780000000 } from './1763780000000-initial-schema';
import { DeploymentResources1763780000001 } from './1763780000001-deployment-resources';
import { DurableRuntime1763790000000 } from './1763790000000-durable-runtime';
import { IdempotencyResponse1763790000001 } from './1763790000001-idempotency-response';
import { JobHeaders1763790000002 } from './1763790000002-job-headers';
import { Catalog1763800000000 } from './1763800000000-catalog';
import { CatalogCaseItems1763800000001 } from './1763800000001-catalog-case-items';
import { DeploymentSource1763810000000 } from './1763810000000-deployment-source';
import { TaskDecisions1763810000001 } from './1763810000001-task-decisions';
import { IdentityManagement1763840000001 } from './1763840000001-identity-management';
import { DecisionDefinitions1763860000001 } from './1763860000001-decision-definitions';
import { DepartmentWork1763870000001 } from './1763870000001-department-work';
import { CaseCorrection1763880000001 } from './1763880000001-case-correction';
import { Calendars1763890000001 } from './1763890000001-calendars';
import { Ratings1763900000001 } from './1763900000001-ratings';
import { NotificationsWebhooks1763900000002 } from './1763900000002-notifications-webhooks';
import { LeastPrivilegeRole1763910000001 } from './1763910000001-least-privilege-role';
import { TaskSigners1763920000001 } from './1763920000001-task-signers';
import { UserPhrases1763920000002 } from './1763920000002-user-phrases';
import { ConditionalCertificates1763920000003 } from './1763920000003-conditional-certificates';
import { CaseOwnership1763930000001 } from './1763930000001-case-ownership';
import { TaskClocksSupervision1763940000001 } from './1763940000001-task-clocks-supervision';
import { RetentionAndTracing1763970000001 } from './1763970000001-retention-and-tracing';
import { Regions1763990000001 } from './1763990000001-regions';
import { Forms1764000000001 } from './1764000000001-forms';

/** Every migration, oldest first; run at start under an advisory lock. */
export const MIGRATIONS = [InitialSchema1763780000000, DeploymentResources1763780000001, DurableRuntime1763790000000, IdempotencyResponse1763790000001, JobHeaders1763790000002, Catalog1763800000000, CatalogCaseItems1763800000001, DeploymentSource1763810000000, TaskDecisions1763810000001, IdentityManagement1763840000001, DecisionDefinitions1763860000001, DepartmentWork1763870000001, CaseCorrection1763880000001, Calendars1763890000001, Ratings1763900000001, NotificationsWebhooks1763900000002, LeastPrivilegeRole1763910000001, TaskSigners1763920000001, UserPhrases1763920000002, ConditionalCertificates1763920000003, CaseOwnership1763930000001, TaskClocksSupervision1763940000001, RetentionAndTracing1763970000001, Regions1763990000001, Forms1764000000001];
