import type { Role } from '../principal';

/** A user as the API shows it: never a password hash or a TOTP secret. */
export interface UserView {
  username: string;
  displayName: string | null;
  department: string | null;
  /** The region the user belongs to. */
  region: string;
  roles: string[];
  disabled: boolean;
  disabledAt: Date | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateUserInput {
  username: string;
  displayName?: string;
  department?: string | null;
  /** A region the creating admin manages; the admin's own when absent. */
  region?: string;
  roles: Role[];
  /** The initial, one-time password; generated and returned once when absent. */
  password?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  department?: string | null;
  roles?: Role[];
}
