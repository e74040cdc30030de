import { z } from "zod";
import { ZSeen } from "../concurrency-input";

export const ZSignInInput = z.object({
  email: z.string().trim().email("Enter an email address."),
  password: z.string().min(1, "Enter your password."),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

export const ZRole = z.enum(["analyst", "reviewer", "admin"], { message: "Role must be analyst, reviewer or admin." });

export const ZCreateUserInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address."),
  name: z.string().trim().min(1, "Enter a name.").max(120, "Keep the name under 120 characters."),
  role: ZRole,
  password: z.string().min(12, "Use at least 12 characters for the password.").max(200),
});
export type TCreateUserInput = z.infer<typeof ZCreateUserInput>;

// Admin user management (lib/users/mutations.ts). An empty password means "generate one".
const optionalPassword = z
  .string()
  .max(200, "Keep the password under 200 characters.")
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || v.length >= 12, "Use at least 12 characters for the password, or leave it empty to generate one.");

const userId = z.string().trim().min(1, "Pick a user.");

export const ZAdminCreateUserInput = ZCreateUserInput.extend({ password: optionalPassword });
export type TAdminCreateUserInput = z.input<typeof ZAdminCreateUserInput>;

export const ZUpdateUserInput = z.object({ userId, name: ZCreateUserInput.shape.name, role: ZRole, seen: ZSeen });
export type TUpdateUserInput = z.input<typeof ZUpdateUserInput>;

export const ZSetUserDisabledInput = z.object({ userId, disabled: z.boolean() });
export type TSetUserDisabledInput = z.input<typeof ZSetUserDisabledInput>;

export const ZResetPasswordInput = z.object({ userId, password: optionalPassword });
export type TResetPasswordInput = z.input<typeof ZResetPasswordInput>;

/** Whose sessions to end: absent means the person acting; someone else's needs user.manage. */
export const ZSignOutEverywhereInput = z.object({ userId: userId.optional() });
export type TSignOutEverywhereInput = z.input<typeof ZSignOutEverywhereInput>;
