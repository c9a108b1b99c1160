import type { Actor } from '@tongban/kernel';

export type Role = 'admin' | 'designer' | 'clerk' | 'supervisor' | 'integrator';
export const ROLES: Role[] = ['admin', 'designer', 'clerk', 'supervisor', 'integrator'];

/** The authenticated caller of a request: a member of staff (JWT) or a system (API key). */
export interface Principal extends Actor {
  kind: 'user' | 'system';
}
