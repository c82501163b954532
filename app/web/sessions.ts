import { randomBytes } from "node:crypto";
import { ExpiringMap } from "./expiring-map.js";

/** A signed-in user: their token stays here, on the server; the browser holds only the session's id. */
export interface Session {
  login: string;
  token: string;
}

/** How long a session lasts at most (GitHub's user tokens last eight hours) and how many are held. */
export const SESSION_BOUNDS = { ttlMs: 8 * 60 * 60 * 1000, maxEntries: 10_000 };
/** How long a sign-in may take between leaving for GitHub and coming back, and how many may be under way. */
export const SIGN_IN_BOUNDS = { ttlMs: 10 * 60 * 1000, maxEntries: 10_000 };

/** A random, unguessable id: 32 bytes, base64url. */
function randomId(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Sessions and sign-ins under way, both bounded and expiring. A sign-in's `state` is single use:
 * GitHub's redirect back is accepted once, and only within ten minutes.
 */
export class Sessions {
  private readonly sessions: ExpiringMap<Session>;
  private readonly signIns: ExpiringMap<true>;

  constructor(now: () => number) {
    this.sessions = new ExpiringMap({ ...SESSION_BOUNDS, now });
    this.signIns = new ExpiringMap({ ...SIGN_IN_BOUNDS, now });
  }

  /** A new sign-in's `state`. */
  startSignIn(): string {
    const state = randomId();
    this.signIns.set(state, true);
    return state;
  }

  /** Whether `state` is a sign-in this server started and has not seen come back yet; it is used up either way. */
  finishSignIn(state: string): boolean {
    return this.signIns.take(state) === true;
  }

  /** A new session for the user; it ends when the token does, if that is sooner. */
  open(session: Session, tokenLifetimeS: number | null): string {
    const id = randomId();
    this.sessions.set(id, session, tokenLifetimeS === null ? undefined : tokenLifetimeS * 1000);
    return id;
  }

  /** The session with this id, if live. */
  get(id: string | undefined): Session | undefined {
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** Ends a session. */
  close(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }
}
