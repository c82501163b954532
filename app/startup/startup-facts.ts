/** The variables the app starts with, as Probot will see them (the `.env` file applied). */
export type StartupEnv = Readonly<Record<string, string | undefined>>;

/** What start-up reads, gathered before the pure check runs. */
export interface StartupFacts {
  env: StartupEnv;
  /** The file `PRIVATE_KEY_PATH` names, as read at start-up; absent when the variable is unset. */
  keyFile?: { text: string } | { error: string };
}

/** One refused setting: which variable, what is wrong with it, and how to put it right. */
export interface Problem {
  variable: string;
  message: string;
  fix: string;
}

/** A variable's value, with the empty string read as unset (Probot and `.env` files treat it so). */
export function valueOf(env: StartupEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * True when the app runs as a GitHub App rather than Probot's setup page: Probot serves the page
 * that registers the app only while neither an app id nor a key is configured.
 */
export function hasCredentials(env: StartupEnv): boolean {
  return ["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH"].some((name) => valueOf(env, name) !== undefined);
}
