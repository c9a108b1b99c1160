import bcrypt from 'bcryptjs';

const COST = 10;

/**
 * The bcrypt cost of the demo accounts' hashes (bcrypt's lowest, 2^4 rounds instead of 2^10). Their
 * passwords are their user names, published in the README, so a slow hash protects nothing there and
 * would cost every fresh demo start a CPU-second or more; production refuses demo mode, and removes
 * demo accounts a data directory still holds. Every other password is hashed at `COST`, a demo
 * user's new password too.
 */
const DEMO_COST = 4;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/** Hashes the password of a demo account (password = user name); never for a password a person chose. */
export function hashDemoPassword(password: string): Promise<string> {
  return bcrypt.hash(password, DEMO_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
