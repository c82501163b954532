import nock from "nock";

/**
 * Stands in for the app process dying: from the first request for which `dead()` holds, every
 * request to `origin` has its connection reset, so nothing the old process still tries reaches the
 * service; `restart` lets the next process through. Must be created before mockGitHub, whose
 * catch-all interceptors would otherwise answer first.
 */
export function killSwitch(dead: () => boolean, origin = "https://api.github.com"): { restart: () => void; resets: () => number } {
  let down = true;
  let resets = 0;
  const scope = nock(origin).persist();
  for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]) {
    scope
      .intercept(() => down && dead() && ++resets > 0, method)
      .replyWithError({ code: "ECONNRESET", message: "socket hang up" });
  }
  return {
    restart: () => {
      down = false;
    },
    resets: () => resets,
  };
}
