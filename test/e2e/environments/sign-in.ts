/** A browser's cookies, as far as these tests need: name → value, updated from each Set-Cookie. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header seen, whole, to check its attributes. */
  readonly setCookies: string[] = [];

  /** Keeps the response's cookies (a Max-Age=0 cookie is removed). */
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      if (/;\s*Max-Age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1));
    }
  }

  /** The Cookie header to send. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** A GET that keeps cookies and does not follow redirects. */
export async function get(jar: CookieJar, url: string): Promise<Response> {
  const response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
  jar.take(response);
  return response;
}

/** The sign-in as a browser makes it, step by step: the app's login, the fake's authorize form, the app's callback. */
export async function signIn(appUrl: string, login: string, jar = new CookieJar()): Promise<{ jar: CookieJar; authorize: URL; callback: URL; done: Response }> {
  const started = await get(jar, `${appUrl}/environments/login`);
  const authorize = new URL(started.headers.get("location") ?? "");
  const form = new URLSearchParams({ client_id: authorize.searchParams.get("client_id") ?? "", redirect_uri: authorize.searchParams.get("redirect_uri") ?? "", state: authorize.searchParams.get("state") ?? "", login });
  const granted = await fetch(new URL("/login/oauth/authorize", authorize), { method: "POST", redirect: "manual", body: form });
  const callback = new URL(granted.headers.get("location") ?? "");
  const done = await get(jar, callback.toString());
  return { jar, authorize, callback, done };
}
