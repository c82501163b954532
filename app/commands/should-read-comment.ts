/** The parts of an `issue_comment` event that decide whether its body is read for commands. */
export interface CommentEvent {
  action: "created" | "edited" | "deleted";
  /** `comment.user.type` as GitHub sends it (`User`, `Bot`, `Organization`, `Mannequin`). */
  authorType: string;
  authorLogin: string;
  /** The app's own bot login, e.g. `envbranch[bot]`. */
  appBotLogin: string;
}

/**
 * Whether a comment's body may carry commands. Only newly created comments by people do: an edit
 * would let an old, already answered comment (or one an approver wrote before a push) run again,
 * a deleted comment is gone, and answering bots, the app's own replies included (they quote
 * commands in their help text), could loop.
 */
export function shouldReadComment(event: CommentEvent): boolean {
  if (event.action !== "created" || event.authorType !== "User") return false;
  const login = event.authorLogin.toLowerCase();
  return login !== event.appBotLogin.toLowerCase() && !login.endsWith("[bot]");
}
