// Password hashing and generation, one place for the UI, the CLI and the seed.
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

export const BCRYPT_COST = 12;

export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}
