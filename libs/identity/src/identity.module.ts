import { IdentityAuditRetention } from './audit/identity-audit.retention';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyAuthenticator } from './api-keys/api-key-authenticator';
import { ApiKeyService } from './api-keys/api-key.service';
import { AuthGuard } from './auth.guard';
import { ApiRateLimitGuard } from './rate-limits/api-rate-limit.guard';
import { RedisThrottlerStorage } from './rate-limits/redis-throttler.storage';
import { AccountSeeder } from './account-seeder';
import { IdentityAuditService } from './audit/identity-audit.service';
import { IDENTITY_CONFIG, loadIdentityConfig } from './config/identity-config';
import { DepartmentEntity } from './departments/department.entity';
import { DepartmentService } from './departments/department.service';
import { DemoAccountRemover } from './production/demo-account-remover';
import { IdentityService } from './identity.service';
import { IdentityRedis } from './login/identity-redis';
import { LoginProtectionService } from './login/login-protection.service';
import { SessionService } from './sessions/session.service';
import { TokenService } from './token.service';
import { TotpEnrolmentService } from './totp/totp-enrolment.service';
import { UserEntity } from './user.entity';
import { UserService } from './users/user.service';
import { PhraseService } from './phrases/phrase.service';
import { RegionLineageModule } from './regions/region-lineage.module';
import { RegionService } from './regions/region.service';
import { OIDC_CONFIG, loadOidcConfig } from './oidc/oidc-config';
import { OidcClient } from './oidc/oidc-client';
import { OidcFlowStore } from './oidc/oidc-flow.store';
import { OidcLoginService } from './oidc/oidc-login.service';

/** Authentication of staff and systems, and their management; installs the guard on every route of the application. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ApiKeyEntity, DepartmentEntity]), RegionLineageModule],
  providers: [
    { provide: IDENTITY_CONFIG, useFactory: () => loadIdentityConfig() },
    { provide: OIDC_CONFIG, useFactory: () => loadOidcConfig() },
    OidcClient,
    OidcFlowStore,
    OidcLoginService,
    IdentityRedis,
    TokenService,
    DemoAccountRemover,
    SessionService,
    LoginProtectionService,
    IdentityAuditService,
    IdentityAuditRetention,
    IdentityService,
    UserService,
    DepartmentService,
    RegionService,
    ApiKeyService,
    ApiKeyAuthenticator,
    TotpEnrolmentService,
    PhraseService,
    AccountSeeder,
    RedisThrottlerStorage,
    // in this order: the rate limit counts per authenticated principal
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ApiRateLimitGuard },
  ],
  exports: [TokenService, IdentityService, RegionService, UserService, PhraseService, DepartmentService, ApiKeyService, TotpEnrolmentService, IdentityAuditService, IdentityAuditRetention, SessionService, OidcLoginService, IDENTITY_CONFIG],
})
export class IdentityModule {}
