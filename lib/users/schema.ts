import { z } from "zod";

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
