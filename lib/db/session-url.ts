// Work that needs a PostgreSQL session of its own (a session advisory lock, session settings, one
// connection across several transactions) cannot go through a transaction-mode pooler: between two
// transactions the pooler may hand the server connection to another client. Such work on the
// configured database goes to DATABASE_DIRECT_URL; a URL the caller chose itself (a restore into
// another database, a bench server) is its own direct connection and is taken as given.
import { databaseUrl, directDatabaseUrl } from "../env";

/** The URL session work on the database `url` names should use: DATABASE_DIRECT_URL when `url` is DATABASE_URL, else `url`. */
export function sessionUrlFor(url: string): string {
  let configured: string;
  try {
    configured = databaseUrl();
  } catch {
    return url; // no DATABASE_URL (the embedded server, chosen at start): nothing to route past
  }
  return url === configured ? directDatabaseUrl() : url;
}
