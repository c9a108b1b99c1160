import type { Role } from '../principal';

/** A user as the API shows it: never a password hash or a TOTP secret. */
export interface UserView {
  username: string;
  displayName: string | null;
  department: string | null;
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
  roles: Role[];
  /** The initial, one-time password; generated and returned once when absent. */
  password?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  department?: string | null;
  roles?: Role[];
}
