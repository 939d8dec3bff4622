/**
 * Which Slooh account a library belongs to. The identity compared is the member id Slooh's login
 * answers with (`userid`, the same value as `cid`): it stays when a username is renamed or typed
 * in another case. A library made before accounts were recorded adopts the first one that uses it.
 */
import { ConfigError } from "../errors.ts";
import type { Row, State } from "./state.ts";

/** An account as the library records it. */
export interface AccountIdentity {
  userId: string;
  username: string;
}

/** The account recorded in the state, or null (none yet, or a state from before the record). */
export function recordedAccount(state: State): AccountIdentity | null {
  try {
    const r = state.q("SELECT user_id, username FROM account WHERE id = 1").get() as
      | Row
      | undefined;
    return r ? { userId: String(r.user_id), username: String(r.username) } : null;
  } catch {
    // A read-only open of an older state has no account table: nothing recorded.
    return null;
  }
}

/**
 * Refuses an account other than the library's with a usage error (exit 2); records the account
 * when none is yet and `write` allows.
 */
export function claimLibrary(
  state: State,
  root: string,
  who: AccountIdentity,
  write: boolean,
): void {
  const owner = recordedAccount(state);
  if (!owner) {
    if (write) {
      state.q("INSERT INTO account (id, user_id, username) VALUES (1, ?, ?)")
        .run(who.userId, who.username);
    }
    return;
  }
  if (owner.userId === who.userId) return;
  throw new ConfigError(
    `${root} holds the images of Slooh account "${owner.username}" (member id ${owner.userId}), ` +
      `not of "${who.username}" (member id ${who.userId}); use another library folder (-d)`,
  );
}
