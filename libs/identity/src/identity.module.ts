import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { AuthGuard } from './auth.guard';
import { AccountSeeder } from './account-seeder';
import { IdentityService } from './identity.service';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';

/** Authentication of staff and systems; installs the guard on every route of the application. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ApiKeyEntity])],
  providers: [TokenService, IdentityService, AccountSeeder, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, IdentityService],
})
export class IdentityModule {}
