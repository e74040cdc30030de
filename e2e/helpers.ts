import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect } from "./test";
import pg from "pg";

export const PASSWORD = "casebook-demo";
export const USERS = {
  analyst: "analyst@casebook.local",
  analyst2: "analyst2@casebook.local",
  reviewer: "reviewer@casebook.local",
  counsel: "counsel@casebook.local",
  admin: "admin@casebook.local",
} as const;

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/cases/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** A direct connection to the e2e server's embedded database, for setting up what the UI cannot. */
export function e2eDb(): pg.Client {
  const password = readFileSync(".data/e2e/pg-password", "utf8").trim();
  const port = process.env.E2E_PG_PORT ?? "54339";
  return new pg.Client({ connectionString: `postgresql://casebook:${encodeURIComponent(password)}@127.0.0.1:${port}/casebook` });
}
