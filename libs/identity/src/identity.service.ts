import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { hashApiKey } from './api-key.util';
import { hashPassword, verifyPassword } from './password.util';
import type { Principal, Role } from './principal';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: { username: string; roles: string[]; department: string | null };
}

/** A hash to compare against when the user does not exist, so timing does not reveal usernames. */
const NO_USER_HASH = '$2b$10$gTjVmZzHZ/LkeOBHxpMIHepEvYPt1ZrCspHlUBaDuzRg9sCOOCeOG';

/** Staff logins and system API keys. */
@Injectable()
export class IdentityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { username } });
    const valid = await verifyPassword(password, user?.passwordHash ?? NO_USER_HASH);
    if (!user || !valid) throw new DomainError('UNAUTHENTICATED', 'Unknown username or wrong password');
    const principal: Principal = { kind: 'user', name: user.username, roles: user.roles, department: user.department };
    return { ...this.tokens.issue(principal), user: { username: user.username, roles: user.roles, department: user.department } };
  }

  async authenticateApiKey(key: string): Promise<Principal> {
    const row = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { keyHash: hashApiKey(key) } });
    if (!row) throw new DomainError('UNAUTHENTICATED', 'Unknown API key');
    return { kind: 'system', name: `apikey:${row.name}`, roles: row.roles, department: null };
  }

  /** Creates the user when missing; an existing user is left as it is. */
  async ensureUser(user: { username: string; password: string; roles: Role[]; department?: string | null }): Promise<void> {
    const repo = this.dataSource.getRepository(UserEntity);
    if (await repo.exists({ where: { username: user.username } })) return;
    await repo.createQueryBuilder().insert().values({
      id: randomUUID(),
      username: user.username,
      passwordHash: await hashPassword(user.password),
      roles: user.roles,
      department: user.department ?? null,
      createdAt: new Date(),
    }).orIgnore().execute();
  }

  /** Registers an API key when its name is not taken yet. */
  async ensureApiKey(apiKey: { name: string; key: string; roles: Role[] }): Promise<void> {
    await this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder().insert().values({
      id: randomUUID(),
      name: apiKey.name,
      keyHash: hashApiKey(apiKey.key),
      roles: apiKey.roles,
      createdAt: new Date(),
    }).orIgnore().execute();
  }
}
